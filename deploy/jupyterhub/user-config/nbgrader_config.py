"""nbgrader settings for every single-user server of the course hub.

The hub (``../jupyterhub_config.py``) puts this folder on each server's Jupyter config path
(``JUPYTER_CONFIG_PATH``) and sets the variables read here:

* ``NBGRADER_COURSE_ID`` -- the course; ``NBGRADER_EXCHANGE`` -- the exchange directory
  shared by everyone (``outbound`` releases, ``inbound`` hand-ins, ``feedback``);
* ``NBGRADER_COURSE_ROLE`` -- ``instructor`` (a member of the hub group ``instructors``) or
  ``student``;
* ``JUPYTERHUB_USER`` -- set by JupyterHub itself: the user's hub name.

Instructors keep the course directory (source/, release/, submitted/, autograded/, feedback/
and gradebook.db) in ``~/COURSE_ID``. Students hand in under their hub name: nbgrader would
otherwise take the Unix account's name, which is the same for everyone when every server runs
as one account (a container's ``jovyan``, or root on a test machine).
"""

import os

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

COURSE_ID = os.environ["NBGRADER_COURSE_ID"]
c.CourseDirectory.course_id = COURSE_ID
c.Exchange.root = os.environ["NBGRADER_EXCHANGE"]

if os.environ.get("NBGRADER_COURSE_ROLE") == "instructor":
    c.CourseDirectory.root = os.path.join(os.environ["HOME"], COURSE_ID)
elif os.environ.get("JUPYTERHUB_USER"):
    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]

# The stubs scripts/make_student_copies.py uses, so a released copy reads like the committed
# student copy in notebooks/homework/ (an unanswered exercise says "not done yet", no traceback).
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE: replace `pass` with your answer\npass"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
