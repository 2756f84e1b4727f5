"""The teacher's JupyterLab (`python3 cursus.py docent`): nbgrader's server side on, all of it.

Read before jupyter/jupyter_server_config.py (JUPYTER_CONFIG_PATH=jupyter/docent:jupyter), so this wins.
"""

c = get_config()  # noqa: F821 (traitlets provides get_config in config files)

c.ServerApp.jpserver_extensions = {f"nbgrader.server_extensions.{naam}": True
                                   for naam in ("assignment_list", "course_list", "formgrader", "validate_assignment")}
