"""nbgrader's filesystem exchange, hardened for one server where every user is a Unix account.

Submit and collect as nbgrader 0.9 ships them trust the name written in a hand-in's folder
name (``ada+hw1+<time>+<random>``): a student whose own nbgrader config says
``student_id = "ada"``, or who writes such a folder by hand, hands in as ada; collect only
warns (``check_owner``) and keeps the latest by the time in the name, so the forgery wins.
And a hand-in is left readable by everyone, its top folder writable by everyone.

* ``OwnerCollect`` (the instructor's collect): a hand-in counts for the Unix account that owns
  it, whatever name it carries; one with a symbolic link in it is skipped (collect, run as the
  instructor, would copy the file it points at: the instructor's own solution, say), and so
  is one without the timestamp and secret nbgrader's submit writes (releasing feedback would
  fail for the whole class).
* ``PrivateSubmit`` (the student's submit): the hand-in named after the Unix account that
  submits (a student's own nbgrader_config.py, read after the course's, may name someone else),
  and readable and writable only by its owner and the instructor's group (``inbound`` is
  set-group-id, so that group is the instructor's), not by other students. It runs in the
  student's own process, so a student can undo it for their own hand-in: OwnerCollect, in the
  instructor's process, is what holds.

nbgrader_config.py selects both (``ExchangeFactory``). The hub runs each server as the Unix
account of the user the hub authenticated, so the owner of a hand-in is the hub's name.
"""

from __future__ import annotations

import os
import pwd

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.submit import ExchangeSubmit

# What nbgrader's submit writes into every hand-in; feedback cannot be released without them.
MADE_BY_SUBMIT = ("timestamp.txt", "submission_secret.txt")
NOT_COUNTED = "\0"   # prefix of a record's name that no student id can carry: dropped


def owner_name(path: str) -> str | None:
    """The login name of the Unix account that owns *path* (None if it has no name)."""
    try:
        return pwd.getpwuid(os.lstat(path).st_uid).pw_name
    except KeyError:
        return None


def has_symlink(path: str) -> bool:
    """True if *path* or anything below it is a symbolic link."""
    if os.path.islink(path):
        return True
    for folder, dirs, files in os.walk(path):
        if any(os.path.islink(os.path.join(folder, name)) for name in dirs + files):
            return True
    return False


class OwnerCollect(ExchangeCollect):
    """Collect: each hand-in counts for the account that owns it; the latest per account wins."""

    def _path_to_record(self, path):
        """nbgrader's record of one hand-in, its student replaced by the folder's owner."""
        record = super()._path_to_record(path)
        owner = owner_name(path)
        if has_symlink(path):
            self.log.warning("Skipped %s: it contains a symbolic link", path)
            record["username"] = NOT_COUNTED + "link"
        elif not all(os.path.isfile(os.path.join(path, name)) for name in MADE_BY_SUBMIT):
            self.log.warning("Skipped %s: not made by nbgrader's submit (no %s)", path,
                             " or ".join(MADE_BY_SUBMIT))
            record["username"] = NOT_COUNTED + "incomplete"
        elif owner != record["username"]:
            self.log.warning("%s names %s but belongs to %s: counted for %s", path,
                             record["username"], owner, owner)
            record["username"] = owner if owner else NOT_COUNTED + "nobody"
        return record

    def init_src(self):
        """The latest hand-in of each account, hand-ins that count for nobody left out."""
        super().init_src()
        self.src_records = [r for r in self.src_records if not r["username"].startswith(NOT_COUNTED)]


class PrivateSubmit(ExchangeSubmit):
    """Submit: named after the Unix account that submits, closed to other students."""

    def init_dest(self):
        """The hand-in's name: the submitting account's, whatever ``student_id`` a config says."""
        self.coursedir.student_id = pwd.getpwuid(os.getuid()).pw_name
        super().init_dest()

    def do_copy(self, src, dest, log=None):
        """nbgrader's copy; into inbound, the hand-in then moved into a folder made afresh, which
        keeps inbound's set-group-id bit (the copy took it away), so that the files nbgrader
        writes next (timestamp, submission secret) are in the instructor's group too."""
        super().do_copy(src, dest, log)
        if os.path.dirname(dest) == self.inbound_path:
            fresh = dest + ".private"
            os.mkdir(fresh)
            for name in os.listdir(dest):
                os.rename(os.path.join(dest, name), os.path.join(fresh, name))
            os.rmdir(dest)
            os.rename(fresh, dest)

    def copy_files(self):
        """nbgrader's submit, then owner and group only: files 0640, folders 0770."""
        super().copy_files()
        hand_in = os.path.join(self.inbound_path, self.assignment_filename)
        self.set_perms(hand_in, fileperms=0o640, dirperms=0o770)
