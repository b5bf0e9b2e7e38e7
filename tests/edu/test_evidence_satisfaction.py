"""The evidence pack carries the period's satisfaction (IKM) figures beside the service times,
listed in its signed manifest."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import timedelta

from edu.auth.principal import Principal
from edu.evidence.pack import write_pack
from edu.integrity.survey import submit_survey
from tests.integrity.kit import Person, held, wita_today
from tests.support import settings_for_tests


def test_the_pack_holds_the_periods_satisfaction_figures(database, tmp_path):
    sid, people = held(database, [Person(), Person(), Person()])
    for pid, score in zip(people, (4, 3), strict=False):  # the third did not answer
        with database.transaction() as db:
            submit_survey(db, Principal(name="participant", participant_id=pid),
                          scores=[score] * 9, session_id=sid)
    settings = settings_for_tests(tmp_path, database.url)
    today = wita_today()

    def pack(name: str, first: int, last: int) -> dict:
        """The figures of the pack for WITA days today-first .. today-last."""
        path = tmp_path / name
        with database.reader() as db:
            manifest = write_pack(db, settings, database, starts_on=today - timedelta(first),
                                  ends_on=today - timedelta(last), path=path)
        with zipfile.ZipFile(path) as z:
            body = z.read("satisfaction.json")
        assert manifest["files"]["satisfaction.json"] == hashlib.sha256(body).hexdigest()
        return json.loads(body)

    figures = pack("pack.zip", 7, 0)
    education = figures["VOTER_EDUCATION"]
    # Nine elements of 4 and of 3: NRR 3.5, IKM 3.5 x 25 = 87.50, grade B (Baik).
    assert (education["responses"], education["ikm"], education["grade"]) == (2, "87.50", "B")
    assert education["served"] == 3 and education["element_averages"] == ["3.500"] * 9
    assert figures["INTERNSHIP"]["responses"] == 0 and figures["INTERNSHIP"]["ikm"] is None
    # A period before the session holds none of the answers, nor the people served.
    before = pack("before.zip", 30, 5)["VOTER_EDUCATION"]
    assert (before["responses"], before["ikm"], before["served"]) == (0, None, 0)
