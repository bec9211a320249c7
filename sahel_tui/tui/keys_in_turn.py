"""Keys handled one after another, as if typed slowly — a mixin for the app.

A terminal hands a fast typist's burst (or a paste typed by tmux) over all at once. Textual gives each key to the
widget focused *when the key arrives*, and runs a widget's key bindings only when the key has bubbled back up to the
app. So every key of a burst was given to the same widget before the first one's binding ran: the keys right behind
`m` (or `f`, `?`, tab …) reached the list, then bubbled up to a screen or a field they were never typed into, and
were lost or misread — `m` then `/bus` typed fast lost the filter's words, "note⇥tags" put the tags into the note.

Here the next key waits until the one before it has been handled: after a key is given to a widget, a marker
(:class:`KeyTurnOver`) is posted behind it to the same widget; it bubbles up the same way, after the key, and when it
reaches the app the key's binding has run. Messages the binding posted to any widget of the screen (a list's
``OptionSelected``, which closes the notes screen) are followed by sending the marker round again behind them, and
the next key is given from the app's queue, behind what the binding asked the app to do next (a ``focus()``). A
screen being made (pushed, not yet mounted) holds the keys too: a marker posted to it comes back once it is mounted
and has focused its first field. Should a marker be lost (its widget removed by the key it followed), the keys go
on after :data:`TURN_TIMEOUT`. A paste (one event) waits in its place among the keys. No marker can wait for a
worker's answer; a screen whose content comes from a worker (the notes view, the feeds view, the palette's hits,
the main list's answer to a query) says so with ``takes_keys`` and calls :meth:`KeysInTurn.keys_go_on` once it is
shown, so `m` then enter typed together opens the newest note, as typed slowly — for :data:`SCREEN_WAIT` at most;
the keys then go on behind a marker too, so that what the screen asked for as it called (a palette's command being
chosen) is done before the next key is given.
"""

from __future__ import annotations

from collections import deque

from textual import events
from textual.message import Message
from textual.message_pump import MessagePump
from textual.timer import Timer

TURN_TIMEOUT = 1.0
"""Seconds the next key waits for the marker of the key before it, at most."""
SCREEN_WAIT = 2.0
"""Seconds keys wait, at most, for a screen to show what they wait for."""
MORE_ROUNDS = 4
"""Round trips a key's turn may take beyond the first, while the messages it caused are still on their way."""


class KeyTurnOver(Message):
    """The key given before this marker has been handled (it reached the app behind that key)."""

    def __init__(self, turn: int, node: MessagePump) -> None:
        super().__init__()
        self.turn, self.node = turn, node


class KeysInTurn:
    """Mixed into the App, before it: keys from the terminal are handed over one at a time."""

    def init_keys_in_turn(self) -> None:
        self._waiting_keys: deque[events.Key | events.Paste] = deque()
        """Keys, and pastes (in their place among the keys), not given yet."""
        self._turn: int | None = None
        """The marker the next key waits for (None: none is out)."""
        self._turns = 0
        self._rounds = 0
        self._turn_timer: Timer | None = None
        self._given_on: MessagePump | None = None
        """The screen the last key was given on."""
        self._waiting_on: MessagePump | None = None
        """The screen the keys wait for to show its content, while they wait."""
        self._gave_up_on: MessagePump | None = None
        """A screen that did not show its content within :data:`SCREEN_WAIT`: keys no longer wait for it, until it
        next says it shows what keys wait for."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            self._waiting_keys.append(event)
            if self._turn is None:
                await self._next_keys()
            return
        await super().on_event(event)

    async def on_key_turn_over(self, message: KeyTurnOver) -> None:
        message.stop()
        if message.turn != self._turn:
            return
        if self._turn_timer is not None:
            self._turn_timer.stop()
        busy = self._still_busy(message.node)
        if busy is not None and self._rounds < MORE_ROUNDS:  # the key's binding posted messages: follow them
            self._rounds += 1
            self._send_marker(busy, message.turn)
            return
        # behind what the key's binding asked the app to do next (a widget's focus() is one such call)
        self.call_later(self._after_turn, message.turn)

    def _still_busy(self, node: MessagePump) -> MessagePump | None:
        """The deepest node on the marker's way, or anywhere on the screen now shown, with messages still to handle
        (the app's own are handled before the next key in any case): a widget beside the key's can have been
        told something by it (a palette's list told to select)."""
        for candidate in (*node.ancestors_with_self, *self.screen.walk_children(with_self=False)):
            if candidate is not self and candidate.message_queue_size:
                return candidate
        return None

    async def _after_turn(self, turn: int) -> None:
        if turn == self._turn:
            self._turn = None
            await self._next_keys()

    async def _next_keys(self) -> None:
        """Give waiting keys until one must be waited for."""
        while self._waiting_keys and self._turn is None:
            screen = self.screen
            if screen is not self._given_on or not screen.is_mounted:
                # a new screen: once it is mounted and its first field focused, it takes the keys typed next
                self._given_on = screen
                self._wait_for(screen)
                return
            if not getattr(screen, "takes_keys", True) and screen is not self._gave_up_on:
                self._waiting_on = screen  # until it calls keys_go_on, or SCREEN_WAIT has passed
                self._turns += 1
                self._turn = turn = self._turns
                self._turn_timer = self.set_timer(SCREEN_WAIT, lambda turn=turn: self._screen_late(turn), name="screen")
                return
            key = self._waiting_keys.popleft()
            target = self.focused or screen
            await super().on_event(key)
            # given to a widget, its binding runs when it comes back up; a priority binding has run already
            self._wait_for(target if key.is_forwarded else self.screen)

    def keys_go_on(self, screen: MessagePump) -> None:
        """Called by ``screen`` once it shows what keys were waiting for: they are given (to it, or to the screen
        it made way for)."""
        if screen is self._gave_up_on:
            self._gave_up_on = None  # it answers again: keys may wait for it again
        if self._turn is not None and screen is self._waiting_on:
            self._waiting_on = None
            if self._turn_timer is not None:
                self._turn_timer.stop()
            self._wait_for(screen)  # behind what the screen has just asked for: the palette's list told to select

    async def _screen_late(self, turn: int) -> None:
        if turn == self._turn:
            self._gave_up_on, self._waiting_on = self._waiting_on, None
            await self._after_turn(turn)

    def _wait_for(self, node: MessagePump) -> None:
        self._turns += 1
        self._turn, self._rounds = self._turns, 0
        self._send_marker(node, self._turn)

    def _send_marker(self, node: MessagePump, turn: int) -> None:
        if not node.post_message(KeyTurnOver(turn, node)):  # a widget no longer taking messages
            self.call_later(self._after_turn, turn)
            return
        self._turn_timer = self.set_timer(TURN_TIMEOUT, lambda: self._after_turn(turn), name="key turn")
