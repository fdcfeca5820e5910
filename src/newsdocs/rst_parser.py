"""Sphinx's reST parser, with the states of nested parsing made only when entered.

docutils parses every list, field list, directive body and directive option block, and the
run of explicit markup after each directive, with a nested state machine that makes an
object for each of the 15 reST parsing states, with its transition table, although a nested
parse enters one or two of them. An article of news directives asks for about ten such
machines, and making their states was a tenth of a build. ``LazyNestedStateMachine`` makes
a state when the parse first enters it. The grammar, the states and the doctrees are
docutils' own, unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar, cast

from docutils.parsers.rst import states
from docutils.statemachine import State
from sphinx.parsers import RSTParser


class _StatesOnDemand(dict[str, "State[Any]"]):
    """A state machine's ``states``, each made when first looked up by name."""

    def __init__(
        self, machine: LazyNestedStateMachine, classes: Iterable[type[State[Any]]]
    ) -> None:
        super().__init__()
        self.machine = machine
        self.classes = {state_class.__name__: state_class for state_class in classes}
        self.running = False  # from the first run on, a state made is set up for the run

    def __missing__(self, name: str) -> State[Any]:
        state_class = self.classes[name]  # a KeyError: docutils' UnknownStateError
        state = self[name] = lazily_nesting(state_class)(self.machine, self.machine.debug)
        if self.running:
            state.runtime_init()
        return state


class LazyNestedStateMachine(states.NestedStateMachine):
    """docutils' nested state machine, making each of its states when first entered."""

    states: _StatesOnDemand

    def add_states(self, state_classes: Iterable[type[State[Any]]]) -> None:
        self.states = _StatesOnDemand(self, state_classes)

    def runtime_init(self) -> None:
        self.states.running = True
        super().runtime_init()


_LAZILY_NESTING: dict[type[State[Any]], type[State[Any]]] = {}
_StateClass = TypeVar("_StateClass", bound="type[State[Any]]")


def lazily_nesting(state_class: _StateClass) -> _StateClass:
    """``state_class``, with its nested parses run by ``LazyNestedStateMachine``; a state
    class that does not nest reST states, or nests them so already, is left as it is."""
    if (
        not issubclass(state_class, states.RSTState)
        or state_class.nested_sm is LazyNestedStateMachine
    ):
        return state_class
    made = _LAZILY_NESTING.get(state_class)
    if made is None:
        # The same name: docutils finds a state, and its transitions their next state, by name.
        namespace = {"nested_sm": LazyNestedStateMachine, "__module__": __name__}
        made = _LAZILY_NESTING[state_class] = type(state_class.__name__, (state_class,), namespace)
    return cast(_StateClass, made)


class NewsRSTParser(RSTParser):
    """Sphinx's reST parser, whose nested parses make their states on demand."""

    def __init__(self, rfc2822: bool = False, inliner: Any = None) -> None:
        super().__init__(rfc2822, inliner)
        self.state_classes = tuple(lazily_nesting(cls) for cls in self.state_classes)
