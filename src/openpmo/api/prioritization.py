"""``/prioritization``: AHP criteria weights. Any signed-in user; nothing is stored."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from openpmo.api.deps import ApiRoute, CurrentUser
from openpmo.i18n import negotiate
from openpmo.schemas.prioritization import AhpInput, AhpRead, JudgementRead
from openpmo.services.prioritization import AhpWeights, compute_ahp

router = APIRouter(prefix="/prioritization", tags=["prioritization"], route_class=ApiRoute)


@router.post("/ahp", response_model=AhpRead, name="ahp_weights")
def ahp_weights(request: Request, principal: CurrentUser, body: AhpInput) -> Any:
    header = request.headers.get("accept-language")
    language = negotiate(header) if header else principal.language
    out = compute_ahp(criteria=body.criteria, matrix=body.matrix, language=language)
    return ahp_read(out)


def ahp_read(out: AhpWeights) -> AhpRead:
    """The API's view of an AHP outcome (weights, consistency, judgements to revise)."""
    r = out.result
    return AhpRead(
        criteria=out.criteria,
        weights=[float(w) for w in r.weights],
        lambda_max=r.lambda_max,
        consistency_index=r.consistency_index,
        consistency_ratio=r.consistency_ratio,
        consistent=r.consistent,
        inconsistent_judgements=[
            JudgementRead(
                row=j.row,
                col=j.col,
                row_criterion=out.criteria[j.row],
                col_criterion=out.criteria[j.col],
                given=j.given,
                implied=j.implied,
            )
            for j in r.inconsistent_judgements
        ],
        warning=out.warning,
    )
