"""Staff accounts for administrators: the list, a new account, and one person's page (role
and scope, a new password, disabling, clearing two-factor sign-in). Every action calls the
edu/accounts service the `edu user` command calls."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from edu.accounts.service import (
    change_role,
    create_user,
    disable_user,
    get_user,
    page_users,
    reset_password,
)
from edu.accounts.totp import clear_totp
from edu.auth.models import role_named
from edu.auth.principal import Principal
from edu.db import utcnow
from edu.errors import UserError
from edu.internships.service import list_universities
from web.admin.guard import admin_only, errors_of
from web.admin.labels import ROLES
from web.i18n import N_
from web.site import Site, not_found, see_other
from web.staff.guard import PATH, Visit, page
from web.staff.sessions import _page_number as page_number

USERS = f"{PATH}/admin/pengguna"
PAGE_SIZE = 25
FIELDS = ("username", "name", "role", "region", "university")
DONE = {"peran": N_("The role and scope are saved."), "sandi": N_("The new password is set."),
        "nonaktif": N_("The account is disabled; its sessions have ended."),
        "2fa": N_("Two-factor sign-in is cleared; the person enrols again.")}


def _scope(values: dict[str, str]) -> dict[str, str | None]:
    return {"region_code": values.get("region") or None,
            "university_code": values.get("university") or None}


def routes(site: Site) -> list[Route]:
    database = site.database

    def choices() -> dict[str, object]:
        with database.reader() as db:
            universities = list_universities(db)
        return {"roles": ROLES, "regions": site.regions, "universities": universities}

    def listing(request: Request, visit: Visit) -> Response:
        number = page_number(request)
        with database.reader() as db:
            total, users = page_users(db, visit.principal, (number - 1) * PAGE_SIZE, PAGE_SIZE)
        pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        return page(site, request, "admin/users.html", principal=visit.principal, users=users,
                    total=total, number=number, pages=pages, roles=ROLES,
                    regions=site.regions, now=utcnow())

    def new(request: Request, visit: Visit) -> Response:
        values = {k: visit.form.get(k, "").strip() for k in FIELDS}
        errors: dict[str, str] = {}
        if request.method == "POST":
            try:
                with database.transaction() as db:
                    account = create_user(
                        db, visit.principal, username=values["username"],
                        password=visit.form.get("password", ""), role=role_named(values["role"]),
                        name=values["name"], **_scope(values))
                return see_other(f"{USERS}/{quote(account.username)}")
            except UserError as err:
                errors = errors_of(err.problems)
        return page(site, request, "admin/user_new.html", 400 if errors else 200,
                    principal=visit.principal, values=values, errors=errors, **choices())

    def show(request: Request, visit: Visit, errors: dict[str, str] | None = None,
             status: int = 200) -> Response:
        with database.reader() as db:
            try:
                user = get_user(db, visit.principal, request.path_params["username"])
            except UserError:
                return not_found(request, private=True)
        values = {"role": user.role.value, "region": user.region_code or "",
                  "university": user.university_code or "", **visit.form}
        done = DONE.get(request.query_params.get("selesai", ""))
        return page(site, request, "admin/user.html", status, principal=visit.principal,
                    user=user, values=values, errors=errors or {}, done=done,
                    is_me=user.staff_id == visit.principal.staff_id, now=utcnow(),
                    **choices())

    def act(name: str, run: Callable[[Session, Principal, str, dict[str, str]], object]
            ) -> Route:
        def handler(request: Request, visit: Visit) -> Response:
            username = request.path_params["username"]
            try:
                with database.transaction() as db:
                    run(db, visit.principal, username, visit.form)
            except UserError as err:
                if any(p.code in ("UNKNOWN_USER", "NOT_FOUND") for p in err.problems):
                    return not_found(request, private=True)
                return show(request, visit, errors_of(err.problems, {"username": ""}), 400)
            return see_other(f"{USERS}/{quote(username)}?selesai={name}")

        return Route(f"{USERS}/{{username}}/{name}", admin_only(site, handler),
                     methods=["POST"])

    def role(db: Session, me: Principal, username: str, form: dict[str, str]) -> None:
        values = {k: form.get(k, "").strip() for k in FIELDS}
        change_role(db, me, username, role=role_named(values["role"]), **_scope(values))

    return [
        Route(USERS, admin_only(site, listing), methods=["GET"]),
        Route(f"{USERS}/baru", admin_only(site, new), methods=["GET", "POST"]),
        Route(f"{USERS}/{{username}}", admin_only(site, show), methods=["GET"]),
        act("peran", role),
        act("sandi", lambda db, me, u, f: reset_password(db, me, u, f.get("password", ""))),
        act("nonaktif", lambda db, me, u, f: disable_user(db, me, u)),
        act("2fa", lambda db, me, u, f: clear_totp(db, me, u)),
    ]

