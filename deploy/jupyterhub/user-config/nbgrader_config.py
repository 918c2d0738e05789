"""nbgrader settings for every single-user server of the course hub.

The hub (``../jupyterhub_config.py``) puts this folder on each server's Jupyter config path
(``JUPYTER_CONFIG_PATH``; root-owned on the server, a read-only file in a Kubernetes pod) and
sets the variables read here:

* ``NBGRADER_COURSE_ID`` -- the course;
* ``COURSE_EXCHANGE`` -- ``filesystem`` (one server: ``NBGRADER_EXCHANGE`` is the shared exchange
  folder) or ``ngshare`` (Kubernetes: ``NGSHARE_URL`` is the ngshare hub service);
* ``NBGRADER_COURSE_ROLE`` -- ``instructor`` (a member of the hub group ``instructors``) or
  ``student``;
* ``COURSE_WORK_DIR`` (optional) -- the folder that persists, if not the whole home folder
  (Zero to JupyterHub: ``/home/jovyan/work``).

Instructors keep the course directory (source/, release/, submitted/, autograded/, feedback/
and gradebook.db) in ``WORK/COURSE_ID``; students fetch homework into WORK.

Who hands in is not decided here, where a student can override it (their own nbgrader_config.py
in the folder the server starts in is read after this file): on one server each server runs as
the student's Unix account, and collect counts a hand-in for the account that owns it
(``course_exchange.OwnerCollect``); ngshare takes the name from the hub's token. This file sets
``student_id`` to the Unix account, and ``course_exchange.PrivateSubmit`` names each hand-in
after it, so that the name on a hand-in agrees.

Beside this file, ``jupyter_server_config.json`` and ``labconfig/page_config.json`` switch on
nbgrader's student extensions (assignments, validate) and off the instructor's (formgrader,
create assignment, courses); ``../instructor-config/`` switches those on for instructors.
"""

import importlib.util
import os
import pwd

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

COURSE_ID = os.environ["NBGRADER_COURSE_ID"]
c.CourseDirectory.course_id = COURSE_ID
INSTRUCTOR = os.environ.get("NBGRADER_COURSE_ROLE") == "instructor"

# Where work is kept: the home folder, or on Kubernetes the persistent folder in it.
WORK = os.environ.get("COURSE_WORK_DIR", os.environ["HOME"])

if INSTRUCTOR:
    c.CourseDirectory.root = os.path.join(WORK, COURSE_ID)
else:
    c.Exchange.assignment_dir = WORK  # fetched homework and feedback land here

if os.environ.get("COURSE_EXCHANGE", "filesystem") == "ngshare":
    # ngshare (a JupyterHub service) keeps releases, hand-ins and feedback in its own database
    # and asks the hub who is calling: no shared folder, no file permissions to get right.
    from ngshare_exchange import configureExchange
    configureExchange(c, os.environ["NGSHARE_URL"])
else:
    c.Exchange.root = os.environ["NBGRADER_EXCHANGE"]
    # The hardened submit and collect (course_exchange.py, beside this file).
    _spec = importlib.util.spec_from_file_location(
        "course_exchange", os.path.join(os.path.dirname(os.path.abspath(__file__)), "course_exchange.py"))
    course_exchange = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(course_exchange)
    c.ExchangeFactory.submit = course_exchange.PrivateSubmit
    c.ExchangeFactory.collect = course_exchange.OwnerCollect
    if not INSTRUCTOR:
        c.CourseDirectory.student_id = pwd.getpwuid(os.getuid()).pw_name

# The stubs scripts/make_student_copies.py uses, so a released copy reads like the committed
# student copy in notebooks/homework/ (an unanswered exercise says "not done yet", no traceback).
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE: replace `pass` with your answer\npass"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
