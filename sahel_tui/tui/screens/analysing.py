"""An enormous article's entities and matches, found in a process of its own: a mixin for the main screen.

Why a process: the regular expressions that find them hold the interpreter's lock for seconds over megabytes, which
a thread would take from the keys. The article is drawn first; its sidebar and highlights follow. A newer analysis
(another article opened, another search) stops the one still running, and so does the reader closing (Python would
wait for the thread that waits for the process).
"""

from __future__ import annotations

from textual import work
from textual.message import Message

from sahel_tui.entities.summary import EntitySummary
from sahel_tui.model import Article
from sahel_tui.services import article_findings
from sahel_tui.stopping import Stopped
from sahel_tui.tui.widgets.entity_sidebar import EntitySidebar
from sahel_tui.tui.widgets.reader import Reader

ANALYSE_INLINE_CHARS = 200_000
"""An article up to this long is searched for entities and matches as it opens (a tenth of a second at most);
a longer one (seconds at megabytes) in a worker, the article already on the screen meanwhile."""


class ArticleAnalysed(Message):
    def __init__(self, article: Article, summaries: list[EntitySummary], matches: list[tuple[int, int]]) -> None:
        super().__init__()
        self.article, self.summaries, self.matches = article, summaries, matches


class AnalysingMixin:
    """Needs the main screen's ``open``, ``_matched_words`` and ``show_entity_the_query_found``."""

    _analysis = None
    """The process looking through an enormous article, while it runs."""

    @work(thread=True, exclusive=True, group="analyse", exit_on_error=False)
    def analyse_article(self, article: Article, words: set[str], with_entities: bool = True) -> None:
        from sahel_tui.parallel import OwnProcess

        try:
            job = OwnProcess(article_findings, article, words, with_entities)
        except (OSError, ValueError):  # no process to be had: here, slower for the keys
            summaries, matches = article_findings(article, words, with_entities)
        else:
            previous, self._analysis = self._analysis, job
            if previous is not None:
                previous.stop()
            try:
                summaries, matches = job.result()
            except Stopped:
                return
        self.post_message(ArticleAnalysed(article, summaries, matches))

    def on_unmount(self) -> None:
        """An enormous article's analysis still running ends with the reader (Python waits for its thread)."""
        if self._analysis is not None:
            self._analysis.stop()

    def on_article_analysed(self, message: ArticleAnalysed) -> None:
        if self.open is None or self.open.article is not message.article:
            return  # another article, or another version of it (a fetch completed it), was opened meanwhile
        if self.open.summaries is None and message.summaries is not None:
            self.open.summaries = message.summaries
            self.query_one(EntitySidebar).show_entities(message.summaries)
        self.query_one(Reader).set_matches(message.matches, self._matched_words(self.open.article))
        if message.summaries is not None:
            self.show_entity_the_query_found()
