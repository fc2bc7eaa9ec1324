from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_jobs_state_type_0 import ListJobsStateType0
from ...models.page_job_public import PageJobPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    model: None | str | Unset = UNSET,
    state: ListJobsStateType0 | None | Unset = UNSET,
    after: str | Unset = "",
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_model: None | str | Unset
    if isinstance(model, Unset):
        json_model = UNSET
    else:
        json_model = model
    params["model"] = json_model

    json_state: None | str | Unset
    if isinstance(state, Unset):
        json_state = UNSET
    elif isinstance(state, str):
        json_state = state
    else:
        json_state = state
    params["state"] = json_state

    params["after"] = after

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/jobs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageJobPublic | Problem | None:
    if response.status_code == 200:
        response_200 = PageJobPublic.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PageJobPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    model: None | str | Unset = UNSET,
    state: ListJobsStateType0 | None | Unset = UNSET,
    after: str | Unset = "",
    limit: int | Unset = 50,
) -> Response[PageJobPublic | Problem]:
    """List Jobs

     The caller's jobs, newest first.

    Args:
        model (None | str | Unset): Only this model's
        state (ListJobsStateType0 | None | Unset): Only jobs in this state
        after (str | Unset): Cursor: the last id seen Default: ''.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageJobPublic | Problem]
    """

    kwargs = _get_kwargs(
        model=model,
        state=state,
        after=after,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    model: None | str | Unset = UNSET,
    state: ListJobsStateType0 | None | Unset = UNSET,
    after: str | Unset = "",
    limit: int | Unset = 50,
) -> PageJobPublic | Problem | None:
    """List Jobs

     The caller's jobs, newest first.

    Args:
        model (None | str | Unset): Only this model's
        state (ListJobsStateType0 | None | Unset): Only jobs in this state
        after (str | Unset): Cursor: the last id seen Default: ''.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageJobPublic | Problem
    """

    return sync_detailed(
        client=client,
        model=model,
        state=state,
        after=after,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    model: None | str | Unset = UNSET,
    state: ListJobsStateType0 | None | Unset = UNSET,
    after: str | Unset = "",
    limit: int | Unset = 50,
) -> Response[PageJobPublic | Problem]:
    """List Jobs

     The caller's jobs, newest first.

    Args:
        model (None | str | Unset): Only this model's
        state (ListJobsStateType0 | None | Unset): Only jobs in this state
        after (str | Unset): Cursor: the last id seen Default: ''.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageJobPublic | Problem]
    """

    kwargs = _get_kwargs(
        model=model,
        state=state,
        after=after,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    model: None | str | Unset = UNSET,
    state: ListJobsStateType0 | None | Unset = UNSET,
    after: str | Unset = "",
    limit: int | Unset = 50,
) -> PageJobPublic | Problem | None:
    """List Jobs

     The caller's jobs, newest first.

    Args:
        model (None | str | Unset): Only this model's
        state (ListJobsStateType0 | None | Unset): Only jobs in this state
        after (str | Unset): Cursor: the last id seen Default: ''.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageJobPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            model=model,
            state=state,
            after=after,
            limit=limit,
        )
    ).parsed
