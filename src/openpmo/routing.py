"""One worker-thread step per request.

FastAPI runs every sync dependency, the sync endpoint and the response's validation as
separate steps in its thread pool. A request holding a database connection between
those steps waits for a free thread while the threads wait for a free connection: under
load that is a 30-second stall (the pool's timeout), and the many threads it takes to
avoid it fight the event loop for the GIL.

:class:`OneStepRoute` instead runs the whole request in one step: it opens the
transaction, gives the endpoint the parameters it asks for by type (the session, the
signed-in principal, a page context, …), calls it, turns its result into the response
(validated and serialised as FastAPI would), and commits — all in one thread, so the
connection is held for exactly that step. Dependencies that need no database (the
body, ``If-Match``, a form's CSRF check) still run in the event loop before it.
Subclasses say what they inject in :attr:`OneStepRoute.injectors`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, get_args, get_origin, get_type_hints

from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import ResponseValidationError
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from openpmo.db.session import transaction

__all__ = ["Injector", "OneStepRoute", "Step", "asks_for"]

#: The keyword under which the wrapper receives the request (never an endpoint's name).
_REQUEST = "one_step_request__"


@dataclass
class Step:
    """What the endpoint's parameters are made from: the request and its transaction.

    ``cache`` lets one injector reuse another's result (the principal, say).
    """

    request: Request
    session: Session
    cache: dict[str, Any] = field(default_factory=dict)


#: Makes one endpoint parameter from the step.
Injector = Callable[[Step], Any]


def _base_type(hint: Any) -> Any:
    return get_args(hint)[0] if get_origin(hint) is Annotated else hint


def asks_for(endpoint: Callable[..., Any], kind: type) -> bool:
    """Whether one of ``endpoint``'s parameters is of type ``kind`` (``Annotated`` or not)."""
    hints = get_type_hints(endpoint, include_extras=True)
    return any(
        _base_type(hints[name]) is kind
        for name in inspect.signature(endpoint).parameters
        if name in hints
    )


class OneStepRoute(APIRoute):
    """A route whose sync endpoint runs, with its transaction, in one worker-thread step.

    Endpoints that ask for none of :attr:`injectors`' types (or are ``async``) are left
    to FastAPI as they are.
    """

    #: Parameter type → how to make it. A session is always available.
    injectors: ClassVar[Mapping[type, Injector]] = {Session: lambda step: step.session}

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, self._one_step(endpoint), **kwargs)

    def _one_step(self, endpoint: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.iscoroutinefunction(endpoint):
            return endpoint
        hints = get_type_hints(endpoint, include_extras=True)
        signature = inspect.signature(endpoint)
        injected: dict[str, Injector] = {}
        kept: list[inspect.Parameter] = []
        for name, parameter in signature.parameters.items():
            hint = hints.get(name, parameter.annotation)
            injector = self.injectors.get(_base_type(hint))
            if injector is not None:
                injected[name] = injector
            else:
                kept.append(parameter.replace(annotation=hint, kind=inspect.Parameter.KEYWORD_ONLY))
        if not injected:
            return endpoint
        # FastAPI fills one Request parameter per endpoint: the endpoint's own, if it has one.
        own = next((p.name for p in kept if p.annotation is Request), None)
        if own is None:
            kept.append(
                inspect.Parameter(_REQUEST, inspect.Parameter.KEYWORD_ONLY, annotation=Request)
            )

        async def one_step(**values: Any) -> Any:
            request = values[own] if own is not None else values.pop(_REQUEST)
            return await run_in_threadpool(self._run, request, endpoint, injected, values)

        returns = hints.get("return", signature.return_annotation)
        one_step.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=kept, return_annotation=None if returns is type(None) else returns
        )
        one_step.__name__ = endpoint.__name__
        one_step.__doc__ = endpoint.__doc__
        return one_step

    def _run(
        self,
        request: Request,
        endpoint: Callable[..., Any],
        injected: Mapping[str, Injector],
        values: dict[str, Any],
    ) -> Response:
        with transaction(request.app.state.session_factory) as session:
            step = Step(request, session)
            arguments = {name: make(step) for name, make in injected.items()}
            result = endpoint(**values, **arguments)
            # Serialised inside the transaction: lazy attributes may still load.
            sub = next((v for v in values.values() if isinstance(v, Response)), None)
            return self._response(result, sub)

    def _response(self, result: Any, sub: Response | None) -> Response:
        """The endpoint's result as FastAPI would make it, but in this thread."""
        if isinstance(result, Response):
            return result
        status = (sub.status_code if sub is not None else None) or self.status_code or 200
        headers = sub.headers if sub is not None else None
        if status in (204, 304) or status < 200:
            response = Response(status_code=status)
        elif self.response_field is not None:
            value, errors = self.response_field.validate(result, {}, loc=("response",))
            if errors:
                raise ResponseValidationError(errors=errors, body=result)
            body = self.response_field.serialize_json(
                value,
                by_alias=self.response_model_by_alias,
                exclude_unset=self.response_model_exclude_unset,
                exclude_defaults=self.response_model_exclude_defaults,
                exclude_none=self.response_model_exclude_none,
            )
            response = Response(body, status_code=status, media_type="application/json")
        else:
            response = JSONResponse(jsonable_encoder(result), status_code=status)
        if headers is not None:
            response.headers.raw.extend(
                (k, v) for k, v in headers.raw if k not in (b"content-length", b"content-type")
            )
        return response
