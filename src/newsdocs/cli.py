"""The ``newsdocs`` command: a thin layer over the Sphinx extension and the checker."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="newsdocs",
    help="Publish a newsroom like a documentation team.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


if __name__ == "__main__":  # pragma: no cover
    app()
