from tlkg.cli import main

main()
