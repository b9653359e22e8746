"""POST /api/v1/prioritization/ahp over HTTP."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import World

URL = "/api/v1/prioritization/ahp"
CRITERIA = ["strategy", "benefit", "risk"]
# w = (4, 2, 1) / 7 gives a consistent matrix.
CONSISTENT = [[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]]


def test_weights_and_consistency_of_a_consistent_matrix(client: TestClient, world: World) -> None:
    response = client.post(
        URL, json={"criteria": CRITERIA, "matrix": CONSISTENT}, headers=world.headers["member"]
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["weights"] == pytest.approx([4 / 7, 2 / 7, 1 / 7])
    assert body["lambda_max"] == pytest.approx(3.0)
    assert body["consistency_ratio"] == pytest.approx(0.0, abs=1e-9)
    assert body["consistent"] is True
    assert body["inconsistent_judgements"] == []
    assert body["warning"] is None
    assert body["criteria"] == CRITERIA


def test_an_inconsistent_matrix_warns_and_names_the_judgements(
    client: TestClient, world: World
) -> None:
    cyclic = [[1, 5, 1 / 5], [1 / 5, 1, 5], [5, 1 / 5, 1]]
    response = client.post(
        URL,
        json={"criteria": CRITERIA, "matrix": cyclic},
        headers={**world.headers["member"], "Accept-Language": "zh-CN"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["consistency_ratio"] > 0.1
    assert body["consistent"] is False
    pairs = {(j["row_criterion"], j["col_criterion"]) for j in body["inconsistent_judgements"]}
    assert pairs == {("strategy", "benefit"), ("strategy", "risk"), ("benefit", "risk")}
    assert body["warning"].startswith("一致性比率")
    assert "strategy : benefit = 5" in body["warning"]


@pytest.mark.parametrize(
    ("matrix", "field", "fragment"),
    [
        ([[1, 2, 4], [0.5, 1, 3], [0.25, 0.5, 1]], "matrix.2.1", "0.3333"),
        ([[1, 2, 4], [0.5, 2, 2], [0.25, 0.5, 1]], "matrix.1.1", "must be 1"),
        ([[1, 2, 4], [0.5, 1, 0], [0.25, 0.5, 1]], "matrix.1.2", "positive"),
        ([[1, 2, 4], [0.5, 1, 2]], "matrix", "3 × 3"),
        ([[1, 2, 4], [0.5, 1], [0.25, 0.5, 1]], "matrix.1", "3 × 3"),
        ([[1, 2, 4], [0.5, 1, "x"], [0.25, 0.5, 1]], "matrix.1.2", "number"),
    ],
)
def test_bad_matrices_are_422_naming_the_cell(
    client: TestClient, world: World, matrix: list[list[object]], field: str, fragment: str
) -> None:
    response = client.post(
        URL, json={"criteria": CRITERIA, "matrix": matrix}, headers=world.headers["member"]
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert fragment in errors[0]["message"]


def test_errors_are_translated(client: TestClient, world: World) -> None:
    bad = [[1, 2, 4], [0.5, 2, 2], [0.25, 0.5, 1]]
    response = client.post(
        URL,
        json={"criteria": CRITERIA, "matrix": bad},
        headers={**world.headers["member"], "Accept-Language": "zh-CN"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "必须为 1(准则与自身比较)"


def test_duplicate_criteria_and_too_many_are_rejected(client: TestClient, world: World) -> None:
    h = world.headers["member"]
    dup = client.post(URL, json={"criteria": ["a", "a"], "matrix": [[1, 1], [1, 1]]}, headers=h)
    assert dup.status_code == 422
    assert [e["field"] for e in dup.json()["errors"]] == ["criteria.1"]
    names = [f"c{i}" for i in range(11)]
    many = client.post(
        URL, json={"criteria": names, "matrix": [[1] * 11 for _ in names]}, headers=h
    )
    assert many.status_code == 422
    assert [e["field"] for e in many.json()["errors"]] == ["criteria"]


def test_signing_in_is_required(client: TestClient) -> None:
    response = client.post(URL, json={"criteria": CRITERIA, "matrix": CONSISTENT})
    assert response.status_code == 401
