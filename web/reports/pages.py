"""The console's report pages (/staf/laporan/...): participation, internships, the
satisfaction index and the service standards, each with server-drawn charts, the same figures
in tables, and the CSV/XLSX downloads. Each page calls the service the GraphQL query calls,
with the signed-in person's Principal, so the scope is the API's."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from edu.auth.models import Role
from edu.auth.principal import Principal
from edu.config import DISPLAY_TZ
from edu.db import utcnow
from edu.errors import AuthError
from edu.integrity import internship_report as internships
from edu.integrity import participation as reports
from edu.integrity import session_requests, standards, survey
from edu.integrity.models import ELEMENTS, SurveyService
from edu.integrity.participation import AgeBand
from edu.integrity.periods import MAX_YEAR, MIN_YEAR, Period, periods
from edu.sessions.models import Segment
from web.i18n import N_, language, translations
from web.labels import SEGMENTS
from web.numbers import Numbers
from web.reports.charts import bar_chart
from web.reports.routes import XLSX
from web.site import Site
from web.staff.guard import PATH, Visit, page, signed_in
from web.survey.routes import ELEMENT_NAMES

BASE = f"{PATH}/laporan"
AGE_BANDS = {
    AgeBand.UNDER_17: N_("Under 17"),
    AgeBand.FROM_17_TO_21: N_("17–21 (first-time voters)"),
    AgeBand.FROM_22_TO_30: N_("22–30 years"),
    AgeBand.FROM_31_TO_40: N_("31–40 years"),
    AgeBand.FROM_41_TO_50: N_("41–50 years"),
    AgeBand.FROM_51_TO_60: N_("51–60 years"),
    AgeBand.FROM_61: N_("61 and over"),
    AgeBand.UNKNOWN: N_("Age not given"),
}
GENDERS = {"MALE": N_("Men"), "FEMALE": N_("Women"), None: N_("Not given")}
PERIODS = {Period.MONTH: N_("Month"), Period.QUARTER: N_("Quarter"),
           Period.SEMESTER: N_("Half-year"), Period.YEAR: N_("Year")}
SERVICES = {SurveyService.VOTER_EDUCATION: N_("Voter education"),
            SurveyService.INTERNSHIP: N_("Internships")}
BAD_DATE = N_("This date is not valid.")
BAD_PERIOD = N_("The end is before the start, or more than ten years after it.")
BAD_YEAR = N_("A year from 2000 to 2199.")


def today() -> date:
    return utcnow().astimezone(ZoneInfo(DISPLAY_TZ)).date()


def this_quarter(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    first = date(day.year, first_month, 1)
    last = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year,
                                                                      first_month + 3, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def date_range(request: Request, errors: dict[str, str]) -> tuple[date, date]:
    """`dari` and `sampai` (default: this quarter in WITA); a bad one is named in `errors`
    and replaced by the default."""
    first, last = this_quarter(today())
    out = []
    for name, default in (("dari", first), ("sampai", last)):
        value = request.query_params.get(name, "")
        try:
            out.append(date.fromisoformat(value) if value else default)
        except ValueError:
            errors[name] = BAD_DATE
            out.append(default)
    if out[1] < out[0] or (out[1] - out[0]).days > reports.MAX_DAYS:
        errors["sampai"] = BAD_PERIOD
        return first, last
    return out[0], out[1]


def year_and_period(request: Request, errors: dict[str, str]) -> tuple[int, Period]:
    q = request.query_params
    year = today().year
    try:
        year = int(q.get("tahun", str(year)))
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError
    except ValueError:
        errors["tahun"] = BAD_YEAR
        year = today().year
    return year, Period.__members__.get(q.get("periode", ""), Period.QUARTER)


def _region(site: Site, request: Request) -> str | None:
    code = request.query_params.get("wilayah", "")
    return code if code in site.regions else None


def offices_in(site: Site, principal: Principal, region_code: str | None) -> list[str]:
    """The kabupaten/kota offices in a scope (the chosen region, else the person's)."""
    scope = region_code or principal.region_code or ""
    return [code for code in site.regions if len(code) > 2 and code.startswith(scope)]


def routes(site: Site) -> list[Route]:
    database = site.database

    def show(request: Request, visit: Visit, template: str, status: int = 200,
             **context: Any) -> Response:
        return page(site, request, f"reports/{template}", status, principal=visit.principal,
                    regions=site.regions, base=BASE, n=Numbers(language(request)), **context)

    def refused(request: Request, visit: Visit) -> Response:
        return page(site, request, "reports/not_yours.html", 403, principal=visit.principal)

    def index(request: Request, visit: Visit) -> Response:
        p = visit.principal
        return show(request, visit, "index.html",
                    education=p.has_role(*_EDUCATION), internship=p.has_role(*_INTERNSHIP),
                    satisfaction=survey.reads_satisfaction(p))

    # Participation ---------------------------------------------------------------------
    def participation_filter(request: Request, errors: dict[str, str]
                             ) -> reports.ParticipationFilter:
        starts, ends = date_range(request, errors)
        return reports.ParticipationFilter(
            starts_on=starts, ends_on=ends, region_code=_region(site, request),
            segment=Segment.__members__.get(request.query_params.get("sasaran", "")))

    def participation(request: Request, visit: Visit) -> Response:
        errors: dict[str, str] = {}
        flt = participation_filter(request, errors)
        try:
            with database.reader() as db:
                report = reports.participation(db, visit.principal, flt)
                gaps = reports.coverage_gaps(db, visit.principal, report)
        except AuthError:
            return refused(request, visit)
        by_region: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        by_segment: dict[Segment, list[int]] = defaultdict(lambda: [0, 0])
        by_band: dict[AgeBand, list[int]] = {band: [0, 0] for band in AgeBand}
        for cell in report.cells:
            for counts in (by_region[cell.region_code], by_segment[cell.segment],
                           by_band[cell.age_band]):
                counts[0] += cell.registered
                counts[1] += cell.attended
        missing: dict[str, list[Segment]] = defaultdict(list)
        for code, segment in gaps:
            missing[code].append(segment)
        query = urlencode({"dari": flt.starts_on, "sampai": flt.ends_on,
                           "wilayah": flt.region_code or "",
                           "sasaran": flt.segment.value if flt.segment else ""})
        tr = translations(language(request)).gettext
        return show(
            request, visit, "participation.html", 400 if errors else 200, report=report,
            errors=errors, flt=flt, segments=SEGMENTS, bands=AGE_BANDS, genders=GENDERS,
            by_region=dict(sorted(by_region.items())), by_segment=by_segment, by_band=by_band,
            missing=missing, query=query,
            region_chart=_attendance_chart({site.regions.get(k, k): v
                                            for k, v in sorted(by_region.items())}),
            band_chart=_attendance_chart({tr(AGE_BANDS[k]): v for k, v in by_band.items()
                                          if v[0]}),
            segment_chart=_attendance_chart({tr(SEGMENTS[k]): v
                                             for k, v in by_segment.items()}))

    def participation_download(request: Request, visit: Visit) -> Response:
        kind = request.path_params["kind"]
        errors: dict[str, str] = {}
        flt = participation_filter(request, errors)
        if errors:
            return Response("dari and sampai are dates (YYYY-MM-DD).", 400)
        try:
            with database.reader() as db:
                report = reports.participation(db, visit.principal, flt)
        except AuthError:
            return refused(request, visit)
        name = f"partisipasi-{flt.starts_on}-{flt.ends_on}.{kind}"
        return _file(kind, name, reports.as_csv(report) if kind == "csv"
                     else reports.as_xlsx(report))

    # Internships -------------------------------------------------------------------------
    def internships_page(request: Request, visit: Visit) -> Response:
        errors: dict[str, str] = {}
        year, period = year_and_period(request, errors)
        try:
            with database.reader() as db:
                found = internships.internship_report_by_period(db, visit.principal,
                                                                 year=year, period=period)
        except AuthError:
            return refused(request, visit)
        chart = bar_chart([(p.label, p.applications,
                            f"{p.applications} · {p.accepted} · {p.completed}")
                           for p in found])
        return show(request, visit, "internships.html", 400 if errors else 200,
                    reports=found, year=year, period=period, periods=PERIODS, errors=errors,
                    chart=chart, query=urlencode({"tahun": year, "periode": period.value}))

    def internships_download(request: Request, visit: Visit) -> Response:
        kind = request.path_params["kind"]
        errors: dict[str, str] = {}
        year, period = year_and_period(request, errors)
        if errors:
            return Response("tahun is a year from 2000 to 2199.", 400)
        try:
            with database.reader() as db:
                found = internships.internship_report_by_period(db, visit.principal,
                                                                 year=year, period=period)
        except AuthError:
            return refused(request, visit)
        name = f"magang-{year}-{period.value.lower()}.{kind}"
        return _file(kind, name, internships.as_csv(found) if kind == "csv"
                     else internships.as_xlsx(found))

    # The satisfaction index ---------------------------------------------------------------
    def ikm(request: Request, visit: Visit) -> Response:
        errors: dict[str, str] = {}
        year, period = year_and_period(request, errors)
        service = SurveyService.__members__.get(request.query_params.get("layanan", ""))
        if service is None:
            service = (SurveyService.VOTER_EDUCATION if visit.principal.has_role(*_EDUCATION)
                       else SurveyService.INTERNSHIP)
        region = _region(site, request)
        try:
            with database.reader() as db:
                rows = [(label, survey.satisfaction(db, visit.principal,
                                                    survey.SatisfactionFilter(
                                                        service=service, region_code=region,
                                                        starts_on=first, ends_on=last)))
                        for label, first, last in periods(year, period)]
                whole = survey.satisfaction(db, visit.principal, survey.SatisfactionFilter(
                    service=service, region_code=region, starts_on=date(year, 1, 1),
                    ends_on=date(year, 12, 31)))
                sessions = [] if service is not SurveyService.VOTER_EDUCATION else \
                    survey.satisfaction_by_session(db, visit.principal, survey.SatisfactionFilter(
                        service=service, region_code=region, starts_on=date(year, 1, 1),
                        ends_on=date(year, 12, 31)))
                offices = [(code, survey.satisfaction(db, visit.principal,
                                                      survey.SatisfactionFilter(
                                                          service=service, region_code=code,
                                                          starts_on=date(year, 1, 1),
                                                          ends_on=date(year, 12, 31))))
                           for code in offices_in(site, visit.principal, region)]
        except AuthError:
            return refused(request, visit)
        index, n = whole.index, Numbers(language(request))
        elements = bar_chart([(code, float(a or 0), n.num(None if a is None else float(a), 2))
                              for code, a in zip(ELEMENTS, index.averages, strict=True)], 4)
        chart = bar_chart([(label, float(s.index.ikm or 0),
                            f"{n.num(s.index.ikm, 2)} {s.index.grade}" if s.index.ikm else "–")
                           for label, s in rows], 100)
        return show(request, visit, "ikm.html", 400 if errors else 200, rows=rows,
                    whole=whole, offices=offices, sessions=sessions, year=year,
                    period=period, periods=PERIODS,
                    service=service, services=SERVICES, region=region, errors=errors,
                    element_names=ELEMENT_NAMES, elements=elements, chart=chart,
                    zip_elements=[(code, None if a is None else float(a))
                                  for code, a in zip(ELEMENTS, index.averages, strict=True)])

    # Service standards ----------------------------------------------------------------------
    def standards_page(request: Request, visit: Visit) -> Response:
        errors: dict[str, str] = {}
        starts, ends = date_range(request, errors)
        region = _region(site, request)
        p = visit.principal
        decided = queue = answered = waiting = None
        try:
            with database.reader() as db:
                if p.has_role(*_INTERNSHIP):
                    decided = standards.standard_report(db, p, starts_on=starts, ends_on=ends,
                                                        region_code=region)
                    queue = standards.queue(db, p, region_code=region)
                if p.has_role(*_EDUCATION):
                    answered = session_requests.request_report(
                        db, p, starts_on=starts, ends_on=ends, region_code=region)
                    waiting = session_requests.request_queue(db, p, region_code=region)
        except AuthError:
            return refused(request, visit)
        if decided is None and answered is None:
            return refused(request, visit)
        tr, n = translations(language(request)).gettext, Numbers(language(request))
        shares = [(tr(SERVICES[s]), r) for s, r in (
            (SurveyService.INTERNSHIP, decided), (SurveyService.VOTER_EDUCATION, answered))
            if r is not None]
        chart = bar_chart([(name, (r.share_within or 0) * 100,
                            f"{n.percent(r.share_within)} ({r.within}/{len(r.decisions)})")
                           for name, r in shares], 100)
        return show(request, visit, "standards.html", 400 if errors else 200,
                    decided=decided, queue=queue, answered=answered, waiting=waiting,
                    starts=starts, ends=ends, errors=errors, chart=chart, shares=shares,
                    region=region)

    return [
        Route(BASE, signed_in(site, index), methods=["GET"]),
        Route(f"{BASE}/partisipasi", signed_in(site, participation), methods=["GET"]),
        Route(f"{BASE}/partisipasi.{{kind:str}}", signed_in(site, _kinds(
            participation_download)), methods=["GET"]),
        Route(f"{BASE}/magang", signed_in(site, internships_page), methods=["GET"]),
        Route(f"{BASE}/magang.{{kind:str}}", signed_in(site, _kinds(internships_download)),
              methods=["GET"]),
        Route(f"{BASE}/ikm", signed_in(site, ikm), methods=["GET"]),
        Route(f"{BASE}/standar", signed_in(site, standards_page), methods=["GET"]),
    ]


# Who reads which reports (ADMIN reads all): the services check again.
_EDUCATION = (Role.EDUCATION_OFFICER, Role.ADMIN)
_INTERNSHIP = (Role.INTERNSHIP_OFFICER, Role.UNIVERSITY_COORDINATOR, Role.ADMIN)


def _attendance_chart(figures: dict[str, list[int]]) -> Any:
    return bar_chart([(label, attended, f"{attended}/{registered}")
                      for label, (registered, attended) in figures.items()])


def _kinds(handler: Any) -> Any:
    def only_csv_and_xlsx(request: Request, visit: Visit) -> Response:
        if request.path_params["kind"] not in ("csv", "xlsx"):
            return Response("Not found", 404)
        return handler(request, visit)
    return only_csv_and_xlsx


def _file(kind: str, name: str, body: bytes) -> Response:
    return Response(body, media_type="text/csv; charset=utf-8" if kind == "csv" else XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})

