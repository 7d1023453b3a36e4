"""Property-based: schemathesis generates valid and invalid requests from the served OpenAPI for
every /api operation, and no response may be a 5xx.

(schemathesis' ``pytest.from_fixture`` does not run under pytest 9, so each operation's strategy is
drawn by a plain hypothesis test here.)
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

MAX_EXAMPLES = 30  # per operation and generation mode
OPERATIONS = [
    "GET /api/",
    "GET /api/services",
    "GET /api/services/{id}",
    "GET /api/organizations",
    "GET /api/organizations/{id}",
    "GET /api/taxonomies",
    "GET /api/taxonomies/{id}",
    "GET /api/taxonomy_terms",
    "GET /api/taxonomy_terms/{id}",
    "GET /api/service_at_locations",
    "GET /api/service_at_locations/{id}",
    "POST /api/match",
    "GET /api/me",
    "POST /api/suggestions",
    "GET /api/suggestions",
    "GET /api/suggestions/{sid}",
    "POST /api/suggestions/{sid}/accept",
    "POST /api/suggestions/{sid}/reject",
]


@pytest.fixture(scope="module")
def api_schema(app: FastAPI) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/api/openapi.json", app).include(path_regex=r"^/api/")


def test_every_api_operation_is_documented(api_schema: schemathesis.BaseSchema) -> None:
    labels = {result.ok().label for result in api_schema.get_all_operations()}
    assert labels == set(OPERATIONS)


# negative mode needs something to get wrong: GET /api/ takes no parameters
RUNS = [
    (label, mode)
    for label in OPERATIONS
    for mode in GenerationMode
    if mode is GenerationMode.POSITIVE or label != "GET /api/"
]


@pytest.mark.parametrize(("label", "mode"), RUNS, ids=[f"{label}-{mode.value}" for label, mode in RUNS])
def test_no_request_makes_the_api_fail(api_schema: schemathesis.BaseSchema, label: str, mode: GenerationMode) -> None:
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None
    calls = []

    @given(data=st.data())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(data: st.DataObject) -> None:
        case = data.draw(operation.as_strategy(generation_mode=mode))
        response = case.call_and_validate(checks=[not_a_server_error])
        calls.append(response.status_code)

    run()
    assert calls and all(code < 500 for code in calls)
