"""SahelApp: the article list beside the reader pane, wired to the library."""

from __future__ import annotations

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header

from sahel_tui.corpus.library import Library, LoadResult
from sahel_tui.paths import locations
from sahel_tui.tui.widgets.article_list import ArticleList
from sahel_tui.tui.widgets.reader import Reader


class SahelApp(App):
    """Offline Sahel news reader."""

    CSS_PATH = "app.tcss"
    TITLE = "sahel-tui"
    BINDINGS = [Binding("q", "quit", "Quit")]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.articles: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield ArticleList(id="articles")
            yield Reader(id="reader")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "loading articles…"
        self.load_library()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load_library(self) -> LoadResult:
        return self.library.load()

    def on_worker_state_changed(self, event) -> None:
        if event.worker.name == "load_library" and event.worker.is_finished and event.worker.result is not None:
            self._show_library(event.worker.result)

    def _show_library(self, result: LoadResult) -> None:
        self.articles = {article.id: article for article in result.articles}
        self.query_one(ArticleList).show_articles(result.articles)
        self.sub_title = f"{len(result.articles)} articles"
        for error in result.errors:
            self.notify(str(error), title="Skipped a file", severity="warning", markup=False)
        self.query_one(ArticleList).focus()

    @on(ArticleList.OpenArticle)
    def open_article(self, event: ArticleList.OpenArticle) -> None:
        article = self.articles.get(event.article_id)
        if article is not None:
            self.query_one(Reader).show_article(article)
            self.query_one(Reader).focus()


def make_app() -> SahelApp:
    """The one app factory, shared by the command line and the tests."""
    return SahelApp(Library(locations()))


def run_app() -> None:
    make_app().run()
