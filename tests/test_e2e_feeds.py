"""End to end: the installed ``sahel-tui`` subscribes to and fetches a feed from a server on 127.0.0.1, in a real
terminal (tmux); then the reader, with `r`, brings in an entry the server added meanwhile."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from test_e2e_tmux import SCRIPT, Terminal, cli_json
from werkzeug import Response

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")

RSS = (Path(__file__).parent / "fixtures" / "feeds" / "sahel-wire.rss").read_bytes()
LATER = b"""<item><title>Niamey fuel sellers protest shortages</title><link>https://sahel-wire.invalid/fuel</link>
<guid isPermaLink="false">wire-1003</guid><pubDate>Mon, 09 Jun 2025 08:00:00 GMT</pubDate>
<description>Queues grew outside fuel stations in Niamey on Monday as sellers said deliveries had stopped for a
week, and drivers waited through the night for a few litres.</description></item></channel>"""


def test_installed_fetch_then_r_in_the_reader(tmp_path: Path) -> None:
    home = tmp_path / "home"
    served = {"body": RSS}
    with HTTPServer(host="127.0.0.1", port=0, threaded=True) as server:
        server.expect_request("/wire.rss").respond_with_handler(
            lambda request: Response(served["body"], content_type="application/rss+xml")
        )
        url = server.url_for("/wire.rss")
        terminal = Terminal(home)
        try:
            terminal.tmux("new-session", "-d", "-s", "app", "-x", "120", "-y", "30",
                          f"env SAHEL_TUI_HOME={home} sh -c '{SCRIPT} feeds add {url} --tag niger && "
                          f"{SCRIPT} fetch; echo exit=$?; sleep 60'")  # fmt: skip
            shown = terminal.wait_for("exit=0")
            assert "subscribed: [1] Sahel Wire" in shown
            assert "Sahel Wire: 2 new, 0 updated, 0 unchanged" in shown
            terminal.close()

            served["body"] = RSS.replace(b"</channel>", LATER)
            terminal = Terminal(home)
            terminal.launch()
            terminal.wait_for("5 articles")
            terminal.keys("r")
            terminal.wait_for("1 new from the last fetch")
            terminal.wait_for("Niamey fuel sellers protest")
            terminal.keys("q")
            terminal.wait_exit()
        finally:
            terminal.close()
    feeds = cli_json(home, "feeds", "list")
    assert [(feed["title"], feed["articles"], feed["tags"]) for feed in feeds] == [("Sahel Wire", 3, ["niger"])]
