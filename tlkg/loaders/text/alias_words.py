"""The words that introduce another name of a therapy in an article ("also known as",
"under the code", "formerly", "marketed as"), shared by the alias rules (``aliases``) and
the rules for names introduced away from the name they belong to (``detached``)."""

from __future__ import annotations

# Words that introduce another name of the same therapy.
# "known" may carry up to three words of context before its "as" ("known during development
# as", "known in China as"); a relative clause may say who gave the code ("which Harlow
# developed under the code B"). B must still be a therapy name for the two to merge.
_KNOWN = r"(?:also\s+|previously\s+|formerly\s+|originally\s+)?known(?:\s+(?!as\b)[\w-]+){0,3}\s+as"
_UNDER_CODE = (
    r"(?:(?:which|that)\s+(?:[\w&.'-]+\s+){0,4}?)?(?:(?:developed|discovered|tested|studied|ran|run"
    r"|develop|test|study)\s+)?(?:it\s+)?under\s+(?:the|its|their|a)\s+(?:own\s+)?"
    r"(?:code(?:\s*name)?|name|designation)\s*,?"
)
# The nouns an article calls its product by ("the drug", "the conjugate").
_PRODUCT_NOUN = (
    r"(?:drug|antibody|molecule|compound|conjugate|antibody-drug\s+conjugate|therapy|product"
    r"|programme|program|candidate|engager|asset)"
)
# "that it calls GLB-431 in its filings", "which calls the molecule PWB-310 internally"
CALLS = r"(?:it\s+|they\s+)?calls?\s+(?:it|them|the\s+" + _PRODUCT_NOUN + r")?"
ALIAS_WORDS = (
    r"(?:" + _KNOWN + r"|" + _UNDER_CODE + r"|formerly(?:\s+(?:called|named|designated))?"
    r"|previously(?:\s+(?:called|named|designated))?|a\.?k\.?a\.?|also\s+called"
    # "which many of you still know as CBT-5520": a name the audience knows it by
    r"|(?:which|that)\s+(?:[\w'’-]+\s+){0,4}?knows?\s+as"
    r"|now\s+(?:known\s+as|called|named)|renamed(?:\s+(?:it|them|the\s+[\w-]+))?(?:\s+as)?"
    # "QL-2109, which it will rename MRD-2109": a new name to come is a name too
    r"|(?:it|they|(?-i:[A-Z])[\w&-]+(?:\s+(?-i:[A-Z])[\w&-]+)?)\s+(?:will|plans?\s+to|intends?\s+to)"
    r"\s+rename(?:\s+(?:it|them))?(?:\s+as)?"
    r"|code-?named|code(?:\s*name)?\s*:"
    # "it now carries the INN X", "was given the generic name X"
    r"|(?:carries|carried|bears|received|(?:was|has\s+been)\s+given|got|now\s+has)\s+the\s+"
    r"(?:(?-i:INN|USAN)|international\s+nonproprietary\s+name|generic\s+name)"
    # "the company still refers to the drug as BRK4410"
    r"|refer(?:s|red|ring)?\s+to\s+(?:it|them|the\s+[\w-]+)\s+as"
    r"|(?:first\s+)?(?:disclosed|reported|presented|described|designated)\s+as|designated"
    r"|(?:went|goes|going|gone)\s+by|(?:where|when)\s+(?:it|they)\s+(?:was|were)"
    # "when it was still called JH-2208"
    r"(?:\s+(?:still|then|originally|first))?(?:\s+(?:called|named"
    r"|known\s+as))?"
    # "where it carried the code KSB-07", "where it began as BDB-44", "It was called BIGM-20
    # at the institute"
    r"|(?:where|when)\s+(?:it|they)\s+(?:(?:carried|had|bore)\s+(?:the|its|their)\s+(?:code(?:\s*name)?"
    r"|name|designation)|began(?:\s+life)?\s+as|started(?:\s+out)?\s+as)"
    # "developed as HRB-4177 and before that as EI-0413": an earlier code of the same
    r"|\band\s+(?:before\s+that|earlier\s+still|originally)\s+as"
    r"|(?:(?-i:It|it|They|they)|the\s+" + _PRODUCT_NOUN + r")\s+(?:was|were)"
    r"\s+(?:called|named|coded)"
    # "In Lanting's filings the conjugate is LT-3318": the product said to be a code
    r"|the\s+" + _PRODUCT_NOUN + r"\s+is"
    # "It began as KIH-22 in Kingsgate's academic programme", "in its early trials it ran as"
    r"|(?-i:It|it|They|they)\s+(?:began|started|ran)(?:\s+life|\s+out)?\s+as"
    # "Carrick will also use its own code, CRK-310"
    r"|(?:use|uses|using|used|assign(?:s|ed)?|gave|give|gives)\s+(?:it\s+)?(?:its|their)\s+own\s+code"
    r"(?:\s*name)?\s*,?|" + CALLS + r"|(?:develop(?:s|ed|ing)?|discovered|test(?:s|ed|ing)?"
    # a partner's own code: "which supplies it in mainland China as QT-0512", "will list it
    # in its own pipeline as CRV-0447", "testing the same antibody in Chinese infants as"
    r"|stud(?:y|ies|ied|ying)|suppl(?:y|ies|ied|ying)|list(?:s|ed|ing)?"
    # ("where it was made as TR-1561": the maker's code)
    r"|distribut(?:e|es|ed|ing)|register(?:s|ed|ing)?|made|synthesi[sz]ed"
    # ("It was first constructed as DIV-12 at the institute")
    r"|constructed|engineered|created|generated)"
    r"\s+(?:it\s+|them\s+|the\s+(?:same\s+)?" + _PRODUCT_NOUN + r"\s+)?"
    # ("which develops the drug there as TKP-3350")
    r"(?:(?:there|locally|internally|in-house|separately)\s+)?"
    # ("discovered by Suzhou Qinghe Biologics as QHB-2103")
    # ("discovered by Hokuriku Antibody Laboratories in Kanazawa, Japan, as HAL-1102")
    r"(?:(?:in|into|under|for|across|by|at)\s+(?:[\w'’&.-]+,?\s+){1,8}?)?as)"
)
# Words that say the next name is a brand: "(marketed as Zorvexa)".
BRAND_WORDS = r"(?:brand\s+name|trade\s*name|marketed\s+as|sold\s+as)"
# Capitalised words that stand in parentheses after a name for other reasons than being its
# brand: sources, layout words, routes, places.
NOT_BRANDS = frozenset(
    {"Reuters", "Nasdaq", "Nyse", "Phase", "Table", "Figure", "Fig", "Abstract", "Poster",
     "Oral", "Intravenous", "Subcutaneous", "Approved", "Investigational", "Placebo",
     "Monotherapy", "Combination", "Chemotherapy", "Europe", "Japan", "China", "Korea",
     "Germany", "France", "Canada", "Australia", "India", "Brazil", "Italy", "Spain",
     # places a company or licensor is named with ("licensed X (Tokyo) to Y")
     "Switzerland", "Sweden", "Denmark", "Norway", "Finland", "Belgium", "Netherlands",
     "Austria", "Ireland", "Israel", "Taiwan", "Singapore", "Britain", "England", "Scotland",
     "America", "Mexico", "Tokyo", "Osaka", "Kyoto", "Kobe", "Yokohama", "Seoul", "Incheon",
     "Beijing", "Shanghai", "Suzhou", "Hangzhou", "Shenzhen", "Guangzhou", "Nanjing",
     "Chengdu", "Wuhan", "Tianjin", "Taipei", "Boston", "Cambridge", "London", "Oxford",
     "Basel", "Zurich", "Geneva", "Paris", "Lyon", "Munich", "Berlin", "Frankfurt", "Mainz",
     "Copenhagen", "Stockholm", "Oslo", "Helsinki", "Dublin", "Amsterdam", "Leiden",
     "Brussels", "Vienna", "Milan", "Rome", "Madrid", "Barcelona", "Toronto", "Montreal",
     "Vancouver", "Sydney", "Melbourne", "Philadelphia", "Seattle", "Chicago", "Houston",
     "Dallas", "Denver", "Atlanta", "Miami", "Washington", "California", "Massachusetts",
     "Texas", "Florida", "Maryland", "Pennsylvania", "Jersey"}
)  # fmt: skip
