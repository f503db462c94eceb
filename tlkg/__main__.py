from tlkg.cli.main import main

main()
