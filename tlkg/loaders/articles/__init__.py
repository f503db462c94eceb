"""Article loaders: news text and Markdown, HTML pages, PubMed efetch XML, Europe PMC
search results and PubTator3 exports. Each yields one ``ArticleRecord`` per source.

Formats are told apart by content (``sniff``), never by file name; each has its module,
what they share is in ``common``. Every loader ends in ``common.record``: the text the
offsets refer to is the title line, then the body paragraphs one a line;
``tlkg.loaders.text.extract`` finds the entities and relations in it.

Source ids: ``pmid-<PMID>`` for PubMed, Europe PMC and PubTator records (so one paper is
one source whichever file it came from); for other articles a slug of title and date, so
the same article loaded again gets the same id.

Dates: PubMed gives the journal issue date (``PubDate``; the electronic date when there is
none), Europe PMC the print date when the record has one, else ``firstPublicationDate``,
PubTator its ``date``. Journal names are the abbreviations PubMed and Europe PMC share
(``N Engl J Med``), so one paper gets the same publisher from either.
"""

from __future__ import annotations

from tlkg.loaders.articles.common import LOADER_VERSION, MAX_ARTICLE_CHARS, iso_date
from tlkg.loaders.articles.europepmc import EuropePmcJsonLoader
from tlkg.loaders.articles.html import HtmlArticleLoader
from tlkg.loaders.articles.pubmed import PubMedXmlLoader
from tlkg.loaders.articles.pubtator import PubTatorJsonLoader
from tlkg.loaders.articles.text import TextArticleLoader, parse_text_article
from tlkg.loaders.base import Loader

__all__ = [
    "LOADERS",
    "LOADER_VERSION",
    "MAX_ARTICLE_CHARS",
    "EuropePmcJsonLoader",
    "HtmlArticleLoader",
    "PubMedXmlLoader",
    "PubTatorJsonLoader",
    "TextArticleLoader",
    "iso_date",
    "parse_text_article",
]


# Order matters: the specific formats first, free text last.
LOADERS: list[Loader] = [
    PubMedXmlLoader(),
    EuropePmcJsonLoader(),
    PubTatorJsonLoader(),
    HtmlArticleLoader(),
    TextArticleLoader(),
]
