"""Command palette entries that make sense now: open an article, go to an entity, export notes, sidebar."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from sahel_tui.textclean import display_safe


class ArticleCommands(Provider):
    """``Open: <title>`` for every article, fuzzy-matched on the title."""

    def _articles(self):
        screen = self.app.main_screen
        return list(screen.articles.values()) if screen is not None else []

    async def discover(self) -> Hits:
        for article in self._articles()[:20]:
            title = display_safe(article.title)
            yield DiscoveryHit(f"Open: {title}", partial(self.app.open_article, article.id), help=article.id)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for article in self._articles():
            label = f"Open: {display_safe(article.title)}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(self.app.open_article, article.id), help=article.id)


class EntityCommands(Provider):
    """``Entity: <name>`` for every gazetteer entity: lists the articles that mention it."""

    async def search(self, query: str) -> Hits:
        from sahel_tui.entities.gazetteer import load_gazetteer

        matcher = self.matcher(query)
        for entity in load_gazetteer().entities.values():
            label = f"Entity: {entity.name}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(self.app.filter_entity, entity.id),
                          help=entity.description)  # fmt: skip
