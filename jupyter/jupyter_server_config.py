"""The course's own JupyterLab settings, shipped with the course (nothing is written into your home).

Activated by two environment variables, both pointing at this folder (cursus.py does this in
``lab_omgeving``; tests/e2e_helpers.py uses the same function; on a JupyterHub set them in the
spawner's environment):

    JUPYTER_CONFIG_PATH=<course>/jupyter   -> this file (server, LabApp, contents manager)
    JUPYTER_PATH=<course>/jupyter          -> kernels/python3/kernel.json (the course kernel)

What it sets:
- the Dutch language pack (lab/settings/overrides.json, read because LabApp.app_settings_dir points
  there); no news pop-up and no update check (also in overrides.json, and here for the server);
- no floating cell toolbar (lab/settings/page_config.json): it sat over a question's top right
  corner and came first when a student pressed Tab from a question;
- a pre-save hook: widget views of the course's questions are saved as a short Dutch note plus the
  question text, so a notebook reopened with a new kernel never shows "Error displaying widget".
"""

import warnings
from pathlib import Path

HIER = Path(__file__).resolve().parent

c = get_config()  # noqa: F821 (traitlets provides get_config in config files)

# overrides.json (Dutch, no news) lives here; jupyterlab_server reads it only from app_settings_dir
c.LabApp.app_settings_dir = str(HIER / "lab" / "settings")
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"

# nbgrader is the teacher's tool: where it is installed (after `cursus.py test`, or with the docent extra)
# its server side stays off for students too (no "No nbgrader_config.py file found" in their terminal);
# its menu and panels are off in lab/settings/page_config.json. docent/ and inleveren/ switch it on.
NBGRADER = ("assignment_list", "course_list", "formgrader", "validate_assignment")
c.ServerApp.jpserver_extensions = {f"nbgrader.server_extensions.{naam}": False for naam in NBGRADER}

try:
    from wijklab.weergave.offline import bewaar_zonder_widgets
except ImportError:  # the course package is not installed in this environment: save as JupyterLab does
    pass
else:
    c.ContentsManager.pre_save_hook = bewaar_zonder_widgets
    # jupyter_server applies this config twice to its contents manager and then warns that the hook
    # replaces itself ("Overriding existing pre_save_hook (bewaar_zonder_widgets) with a new one
    # (bewaar_zonder_widgets)"): only that same-hook warning is silenced, not one about another hook
    warnings.filterwarnings(
        "ignore", message=r"Overriding existing pre_save_hook \(bewaar_zonder_widgets\) with a new one \(bewaar_zonder_widgets\)")

# the kernel and the server talk encrypted (CurveZMQ; the course kernel declares it supports that in
# kernels/python3/kernel.json), where pyzmq and jupyter_client can: safer, and no "Kernel is running over
# TCP without encryption" warning in the student's terminal
try:
    import zmq
    from jupyter_client.manager import KernelManager
except ImportError:
    pass
else:
    if zmq.has("curve") and "transport_encryption" in KernelManager.class_trait_names():
        c.KernelManager.transport_encryption = "auto"
