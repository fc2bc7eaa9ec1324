"""Command options read off a pydantic model's fields: the one declaration (TrainParams,
DatasetOptions) that the CLI, the flows' run forms and the API all offer, each field's
description its help."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from pydantic import BaseModel, ValidationError

from aistudio.core.errors import UserError

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M", bound=BaseModel)


def flag(field: str) -> str:
    """A field's option on the command line: --checkpoint-every for checkpoint_every."""
    return "--" + field.replace("_", "-")


def parse(model: type[M], values: dict[str, Any]) -> M:
    """The options given (None: not given) as the model; a value out of range is the user's
    mistake, named by its flag."""
    try:
        return model.model_validate({k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        if not first["loc"]:  # checked on the whole: a family's limit names its option
            field = str((first.get("ctx") or {}).get("option", ""))
            if not field:  # another rule across options: its own message says what to do
                raise UserError(first["msg"].removeprefix("Value error, ")) from None
            raise UserError(flag(field) + first["msg"].removeprefix(field)) from None
        raise UserError(f"{flag(str(first['loc'][0]))}: {first['msg']}") from None


def _option(name: str, field: Any, aliases: tuple[str, ...] = ()) -> inspect.Parameter:
    """One field as a keyword option of a command, None when not given."""
    help_text = field.description or ""
    if field.default is not None:
        shown = str(field.default).lower() if isinstance(field.default, bool) else field.default
        help_text += f" (default: {shown})"
    annotation = field.annotation
    if type(None) not in getattr(annotation, "__args__", ()):
        annotation = annotation | None
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[annotation, typer.Option(flag(name), *aliases, help=help_text)],
    )


def model_options(
    model: type[BaseModel], into: str = "params", aliases: dict[str, tuple[str, ...]] | None = None
) -> Callable[[F], F]:
    """Give a command one option per field of `model` (the field's description its help, and
    any short `aliases` of its flag) in place of its parameter `into`, which receives the
    validated model."""

    def wrap(func: F) -> F:
        own = [
            p for p in inspect.signature(func, eval_str=True).parameters.values() if p.name != into
        ]
        fields = [
            _option(name, field, (aliases or {}).get(name, ()))
            for name, field in model.model_fields.items()
        ]

        @functools.wraps(func)
        def command(*args: Any, **kwargs: Any) -> Any:
            values = {name: kwargs.pop(name, None) for name in model.model_fields}
            return func(*args, **{into: parse(model, values)}, **kwargs)

        command.__signature__ = inspect.Signature([*own, *fields])  # type: ignore[attr-defined]
        return command  # type: ignore[return-value]

    return wrap
