"""The deployment files agree with each other and hold what deploy/README.md says, without a
cluster (the one-server hub runs in test_course_hub.py).

* The hub config: names trimmed and checked, nobody an admin, instructors a role without
  access to students' servers, the hub's secrets in a private folder.
* The course config folders: students get nbgrader's student tools only, instructors the
  formgrader too, also in a server whose environment switched them off (binder/postBuild).
* nbgrader_config.py: on one server the hardened submit and collect and the student id of the
  Unix account whatever the environment says; on Kubernetes ngshare's exchange, really imported.
* The Helm values: ngshare as the hub service every pod is told about, no shared exchange volume,
  the same role and course files as the one-server hub.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import stat
from pathlib import Path

import pytest
import yaml
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parents[2]
Z2JH = ROOT / "deploy" / "zero-to-jupyterhub"
HUB = ROOT / "deploy" / "jupyterhub"
USER_CONFIG, INSTRUCTOR_CONFIG = HUB / "user-config", HUB / "instructor-config"
EXTENSIONS = ("assignment_list", "course_list", "formgrader")
NGSHARE = ROOT / "build" / "ngshare"   # scripts/ensure-hub.sh


def _values() -> dict:
    return yaml.safe_load((Z2JH / "values.yaml").read_text(encoding="utf-8"))


def _load(path: Path, monkeypatch, **environ):
    """The traitlets config that *path* builds with *environ* set."""
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    return PyFileConfigLoader(path.name, path=str(path.parent)).load_config()


def _hub_config(tmp_path: Path, monkeypatch, **environ):
    monkeypatch.delenv("COURSE_INSTRUCTORS", raising=False)
    monkeypatch.syspath_prepend(str(HUB))
    return _load(HUB / "jupyterhub_config.py", monkeypatch,
                 COURSE_HUB_STATE=str(tmp_path / "state"), **environ)


# --- the hub config ------------------------------------------------------------------------
def test_names_are_trimmed_and_nobody_is_admin_by_default(tmp_path, monkeypatch) -> None:
    config = _hub_config(tmp_path, monkeypatch, COURSE_STUDENTS=" ada , ben,,")
    assert config.Authenticator.allowed_users == {"ada", "ben"}
    assert config.Authenticator.admin_users == set()
    assert config.JupyterHub.load_groups["instructors"]["users"] == []


@pytest.mark.parametrize("names, words", [("ada,Ben", "'Ben' is not a user name"),
                                          ("ada,ada", "listed twice"),
                                          ("ada;ben", "'ada;ben' is not a user name")])
def test_a_bad_name_stops_the_hub_with_one_line_naming_the_variable(tmp_path, monkeypatch, names, words):
    with pytest.raises(SystemExit) as stopped:
        _hub_config(tmp_path, monkeypatch, COURSE_STUDENTS=names)
    message = str(stopped.value)
    assert message.startswith("COURSE_STUDENTS: ") and words in message and "\n" not in message


def test_secrets_live_in_a_private_folder(tmp_path, monkeypatch) -> None:
    config = _hub_config(tmp_path, monkeypatch, COURSE_INSTRUCTORS="lee")
    state = tmp_path / "state"
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert config.JupyterHub.cookie_secret_file == str(state / "jupyterhub_cookie_secret")
    assert config.JupyterHub.db_url == f"sqlite:///{state / 'jupyterhub.sqlite'}"
    assert config.ConfigurableHTTPProxy.pid_file == str(state / "jupyterhub-proxy.pid")
    assert config.Spawner.disable_user_config is True


def test_instructors_have_a_role_that_cannot_enter_servers(tmp_path, monkeypatch) -> None:
    config = _hub_config(tmp_path, monkeypatch, COURSE_INSTRUCTORS="lee")
    [role] = [r for r in config.JupyterHub.load_roles if r["name"] == "course-instructor"]
    assert role["groups"] == ["instructors"]
    assert not [s for s in role["scopes"] if s.startswith(("access:", "admin:")) or s == "self"]
    z2jh_role = _values()["hub"]["config"]["JupyterHub"]["load_roles"][0]
    assert (z2jh_role["name"], z2jh_role["scopes"]) == (role["name"], role["scopes"])


# --- the course config folders ----------------------------------------------------------------
def _enabled_server_extensions(config_path: str, monkeypatch) -> dict[str, bool]:
    """nbgrader's server extensions as a Jupyter server finds them with this config path."""
    from jupyter_server.serverapp import ServerApp

    monkeypatch.setenv("JUPYTER_CONFIG_PATH", config_path)
    app = ServerApp()
    app.find_server_extensions()
    return {name: app.jpserver_extensions.get(f"nbgrader.server_extensions.{name}")
            for name in EXTENSIONS}


def test_students_get_assignments_only_and_instructors_the_formgrader_too(tmp_path, monkeypatch) -> None:
    binder_like = tmp_path / "binder-like"
    (binder_like / "jupyter_server_config.d").mkdir(parents=True)
    (binder_like / "jupyter_server_config.d" / "nbgrader.json").write_text(json.dumps(
        {"ServerApp": {"jpserver_extensions": {f"nbgrader.server_extensions.{name}": False
                                               for name in EXTENSIONS}}}), encoding="utf-8")
    student = os.pathsep.join([str(USER_CONFIG), str(binder_like)])
    instructor = os.pathsep.join([str(INSTRUCTOR_CONFIG), student])
    assert _enabled_server_extensions(student, monkeypatch) == {
        "assignment_list": True, "course_list": False, "formgrader": False}
    assert set(_enabled_server_extensions(instructor, monkeypatch).values()) == {True}
    page = lambda folder: json.loads((folder / "labconfig" / "page_config.json").read_text())["disabledExtensions"]
    for plugin in ("formgrader", "create-assignment", "course-list"):
        assert page(USER_CONFIG)[f"@jupyter/nbgrader:{plugin}"] is True, plugin
        assert page(INSTRUCTOR_CONFIG)[f"@jupyter/nbgrader:{plugin}"] is False, plugin
    assert page(USER_CONFIG)["@jupyter/nbgrader:assignment-list"] is False


# --- nbgrader_config.py -----------------------------------------------------------------------
def test_one_server_student_id_is_the_unix_account_not_the_environment(monkeypatch) -> None:
    config = _load(USER_CONFIG / "nbgrader_config.py", monkeypatch, NBGRADER_COURSE_ID="c1",
                   NBGRADER_EXCHANGE="/srv/x", NBGRADER_COURSE_ROLE="student",
                   JUPYTERHUB_USER="somebody-else", USER="somebody-else", COURSE_EXCHANGE="filesystem")
    assert config.CourseDirectory.student_id == pwd.getpwuid(os.getuid()).pw_name
    assert config.ExchangeFactory.submit.__name__ == "PrivateSubmit"
    assert config.ExchangeFactory.collect.__name__ == "OwnerCollect"


def test_kubernetes_uses_ngshare_for_every_exchange_step(monkeypatch) -> None:
    if not (NGSHARE / "ngshare_exchange").is_dir():
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("build/ngshare is missing (scripts/ensure-hub.sh)")
        pytest.skip("build/ngshare is missing: run `bash scripts/ensure-hub.sh`")
    monkeypatch.syspath_prepend(str(NGSHARE))
    env = _values()["singleuser"]["extraEnv"]
    config = _load(USER_CONFIG / "nbgrader_config.py", monkeypatch, NBGRADER_COURSE_ROLE="student",
                   JUPYTERHUB_USER="ada",   # set by the hub in every pod
                   **{k: v for k, v in env.items() if k != "COURSE_WORK_DIR"})
    factory = config.ExchangeFactory
    assert {name: cls.__module__.split(".")[0] for name, cls in factory.items()} == dict.fromkeys(
        ["exchange", "fetch_assignment", "fetch_feedback", "release_assignment",
         "release_feedback", "list", "submit", "collect"], "ngshare_exchange")
    assert factory["exchange"]._ngshare_url == env["NGSHARE_URL"]
    assert "root" not in config.Exchange   # no shared folder


# --- the Helm values -------------------------------------------------------------------------
def test_values_point_every_pod_at_the_ngshare_service_and_share_no_folder() -> None:
    values = _values()
    singleuser, hub = values["singleuser"], values["hub"]
    service = hub["services"]["ngshare"]
    assert singleuser["extraEnv"]["COURSE_EXCHANGE"] == "ngshare"
    assert singleuser["extraEnv"]["NGSHARE_URL"].endswith("/services/ngshare")
    assert service["url"].startswith("http://ngshare:")
    chart = yaml.safe_load((Z2JH / "ngshare.yaml").read_text(encoding="utf-8"))
    assert chart["ngshare"]["hub_api_token"] == service["apiToken"]
    assert "extraVolumes" not in singleuser["storage"] and "NBGRADER_EXCHANGE" not in singleuser["extraEnv"]
    assert hub["config"]["Authenticator"]["admin_users"] == []
    assert hub["config"]["KubeSpawner"]["disable_user_config"] is True


def test_every_mounted_course_file_comes_from_the_config_folders_with_set_file() -> None:
    singleuser = _values()["singleuser"]
    header = (Z2JH / "values.yaml").read_text(encoding="utf-8")
    set_files = dict(re.findall(r"--set-file singleuser\.extraFiles\.([\w-]+)\.stringData=(\S+)", header))
    assert set(set_files) == set(singleuser["extraFiles"])
    folders = {USER_CONFIG: "/etc/jupyter/course", INSTRUCTOR_CONFIG: "/etc/jupyter/instructor"}
    hook = _values()["hub"]["extraConfig"]["course-role"]
    for key, entry in singleuser["extraFiles"].items():
        source = ROOT / set_files[key]
        [folder] = [f for f in folders if f in source.parents]
        assert source.is_file(), key
        assert entry["mountPath"] == f"{folders[folder]}/{source.relative_to(folder).as_posix()}"
    assert '"/etc/jupyter/instructor:/etc/jupyter/course"' in hook and '"/etc/jupyter/course"' in hook
    assert (USER_CONFIG / "course_exchange.py").is_file()   # only used on one server


# --- the hardened collect -----------------------------------------------------------------------
def _collect_records(tmp_path: Path, monkeypatch, build) -> dict[str, str]:
    """OwnerCollect's record for each hand-in *build* makes in a fresh inbound: name -> student."""
    monkeypatch.syspath_prepend(str(USER_CONFIG))
    from course_exchange import OwnerCollect
    from nbgrader.coursedir import CourseDirectory

    inbound = tmp_path / "inbound"
    inbound.mkdir()
    build(inbound)
    collect = OwnerCollect(coursedir=CourseDirectory())
    return {path.name: collect._path_to_record(str(path))["username"] for path in inbound.iterdir()}


def _hand_in(inbound: Path, name: str) -> Path:
    folder = inbound / f"{name}+hw1+2026-01-01 00:00:00.000000 UTC+abc"
    folder.mkdir()
    for file in ("hw1.ipynb", "timestamp.txt", "submission_secret.txt"):
        (folder / file).write_text("{}", encoding="utf-8")
    return folder


def test_collect_counts_a_hand_in_for_its_owner_and_skips_links_and_incomplete_ones(tmp_path, monkeypatch):
    me = pwd.getpwuid(os.getuid()).pw_name

    def build(inbound: Path) -> None:
        _hand_in(inbound, "someone-else")
        linked = _hand_in(inbound, "linked")
        (linked / "hw1.ipynb").unlink()
        (linked / "hw1.ipynb").symlink_to(tmp_path / "solution.ipynb")
        (_hand_in(inbound, "bare") / "submission_secret.txt").unlink()
    records = {name.split("+")[0]: student for name, student in
               _collect_records(tmp_path, monkeypatch, build).items()}
    assert records["someone-else"] == me
    assert records["linked"].startswith("\0") and records["bare"].startswith("\0")
