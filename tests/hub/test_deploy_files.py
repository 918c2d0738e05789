"""The deployment files agree with each other (no cluster needed; the one-server hub runs in
test_course_hub.py).

* The Helm values mount the exchange volume of exchange.yaml where nbgrader is told to look,
  and every course file they mount is one of deploy/jupyterhub/user-config/, passed with
  --set-file in the install command.
* The course config folder switches nbgrader's extensions back on in a server whose
  environment switched them off the way binder/postBuild does.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
Z2JH = ROOT / "deploy" / "zero-to-jupyterhub"
USER_CONFIG = ROOT / "deploy" / "jupyterhub" / "user-config"
EXTENSIONS = ("assignment_list", "course_list", "formgrader")


def _values() -> dict:
    return yaml.safe_load((Z2JH / "values.yaml").read_text(encoding="utf-8"))


def test_exchange_volume_is_mounted_where_nbgrader_looks() -> None:
    singleuser = _values()["singleuser"]
    claim = next(d for d in yaml.safe_load_all((Z2JH / "exchange.yaml").read_text(encoding="utf-8"))
                 if d["kind"] == "PersistentVolumeClaim")
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    [volume] = singleuser["storage"]["extraVolumes"]
    [mount] = singleuser["storage"]["extraVolumeMounts"]
    assert volume["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    assert mount["name"] == volume["name"]
    assert mount["mountPath"] == singleuser["extraEnv"]["NBGRADER_EXCHANGE"]
    assert singleuser["extraEnv"]["COURSE_WORK_DIR"] == singleuser["storage"]["homeMountPath"]


def test_every_mounted_course_file_comes_from_user_config_with_set_file() -> None:
    singleuser = _values()["singleuser"]
    header = (Z2JH / "values.yaml").read_text(encoding="utf-8")
    set_files = dict(re.findall(r"--set-file singleuser\.extraFiles\.([\w-]+)\.stringData=(\S+)", header))
    assert set(set_files) == set(singleuser["extraFiles"])
    for key, entry in singleuser["extraFiles"].items():
        source = ROOT / set_files[key]
        assert source.is_file() and USER_CONFIG in source.parents, key
        config_dir = singleuser["extraEnv"]["JUPYTER_CONFIG_PATH"]
        assert entry["mountPath"] == f"{config_dir}/{source.relative_to(USER_CONFIG).as_posix()}"


def _enabled_server_extensions(config_path: str, monkeypatch) -> dict[str, bool]:
    """nbgrader's server extensions as a Jupyter server finds them with this config path."""
    from jupyter_server.serverapp import ServerApp

    monkeypatch.setenv("JUPYTER_CONFIG_PATH", config_path)
    app = ServerApp()
    app.find_server_extensions()
    return {name: app.jpserver_extensions.get(f"nbgrader.server_extensions.{name}")
            for name in EXTENSIONS}


def test_user_config_switches_on_what_binder_switches_off(tmp_path: Path, monkeypatch) -> None:
    binder_like = tmp_path / "binder-like"
    (binder_like / "jupyter_server_config.d").mkdir(parents=True)
    (binder_like / "jupyter_server_config.d" / "nbgrader.json").write_text(json.dumps(
        {"ServerApp": {"jpserver_extensions": {f"nbgrader.server_extensions.{name}": False
                                               for name in EXTENSIONS}}}), encoding="utf-8")
    assert set(_enabled_server_extensions(str(binder_like), monkeypatch).values()) == {False}
    both = os.pathsep.join([str(USER_CONFIG), str(binder_like)])
    assert set(_enabled_server_extensions(both, monkeypatch).values()) == {True}
    postbuild = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    page = json.loads((USER_CONFIG / "labconfig" / "page_config.json").read_text(encoding="utf-8"))
    for plugin in re.search(r"for plugin in ([\w -]+); do", postbuild).group(1).split():
        assert page["disabledExtensions"][f"@jupyter/nbgrader:{plugin}"] is False, plugin
