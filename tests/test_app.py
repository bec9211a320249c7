"""The reader app driven with real keys: the list loads, enter opens an article, hostile text stays inert."""

from __future__ import annotations

from pathlib import Path

from screen import screen_text

from sahel_tui.corpus.library import Library
from sahel_tui.paths import locations
from sahel_tui.tui.app import SahelApp
from sahel_tui.tui.widgets.article_list import ArticleList
from sahel_tui.tui.widgets.reader import Reader


async def wait_loaded(app: SahelApp, pilot) -> ArticleList:
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.query_one(ArticleList)


async def test_enter_opens_the_highlighted_article() -> None:
    app = SahelApp(Library(locations()))
    async with app.run_test(size=(120, 40)) as pilot:
        articles = await wait_loaded(app, pilot)
        assert articles.row_count == 3
        assert app.sub_title == "3 articles"
        await pilot.press("j", "enter")
        reader = app.query_one(Reader)
        assert app.focused is reader
        second_title = articles.get_row_at(1)[0].plain
        opened = app.articles[articles.coordinate_to_cell_key((1, 0)).row_key.value]
        assert opened.title == second_title
        assert opened.paragraphs[0][:40] in screen_text(app)
        await pilot.press("q")
    assert app.return_code == 0


async def test_hostile_article_renders_literally_without_escape_sequences(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_bytes(
        "Attack [/x] near Gao [@click=app.quit]q[/] \u202eevil\n\n"
        "Body \x1b]52;c;ZXZpbA==\x07with \x1b[2Jclear and [link=file:///etc/passwd]link[/link] text.\n".encode()
    )
    library = Library(locations())
    library.import_paths([hostile])
    app = SahelApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        articles = await wait_loaded(app, pilot)
        row = articles.get_row_index("hostile")
        articles.move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        plain = screen_text(app)
        assert "[/x]" in plain and "[@click=app.quit]q[/]" in plain
        assert "[link=file:///etc/passwd]link[/link]" in plain
        assert "\x1b" not in plain and "\u202e" not in plain
        assert app.is_running  # the click action did not fire
        await pilot.press("q")
