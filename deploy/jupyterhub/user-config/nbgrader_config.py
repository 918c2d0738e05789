"""nbgrader settings for every single-user server of the course hub.

The hub (``../jupyterhub_config.py``) puts this folder on each server's Jupyter config path
(``JUPYTER_CONFIG_PATH``) and sets the variables read here:

* ``NBGRADER_COURSE_ID`` -- the course; ``NBGRADER_EXCHANGE`` -- the exchange directory
  shared by everyone (``outbound`` releases, ``inbound`` hand-ins, ``feedback``);
* ``NBGRADER_COURSE_ROLE`` -- ``instructor`` (a member of the hub group ``instructors``) or
  ``student``;
* ``JUPYTERHUB_USER`` -- set by JupyterHub itself: the user's hub name;
* ``COURSE_WORK_DIR`` (optional) -- the folder that persists, if not the whole home folder
  (Zero to JupyterHub: ``/home/jovyan/work``).

Instructors keep the course directory (source/, release/, submitted/, autograded/, feedback/
and gradebook.db) in ``WORK/COURSE_ID``; students fetch homework into WORK. Students hand in
under their hub name: nbgrader would otherwise take the Unix account's name, which is the same
for everyone when every server runs as one account (a container's ``jovyan``, or root on a test
machine).

Beside this file, ``jupyter_server_config.json`` and ``labconfig/page_config.json`` switch
nbgrader's server and JupyterLab extensions on: the Binder image (binder/postBuild) switches
them off for Binder's lone students, and this folder comes first on the config path.
"""

import os

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

COURSE_ID = os.environ["NBGRADER_COURSE_ID"]
c.CourseDirectory.course_id = COURSE_ID
c.Exchange.root = os.environ["NBGRADER_EXCHANGE"]

# Where work is kept: the home folder, or on Kubernetes the persistent folder in it.
WORK = os.environ.get("COURSE_WORK_DIR", os.environ["HOME"])

if os.environ.get("NBGRADER_COURSE_ROLE") == "instructor":
    c.CourseDirectory.root = os.path.join(WORK, COURSE_ID)
elif os.environ.get("JUPYTERHUB_USER"):
    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]
    c.Exchange.assignment_dir = WORK  # fetched homework and feedback land here

# The stubs scripts/make_student_copies.py uses, so a released copy reads like the committed
# student copy in notebooks/homework/ (an unanswered exercise says "not done yet", no traceback).
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE: replace `pass` with your answer\npass"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
