"""Students on a JupyterHub with nbgrader's exchange (docs/jupyterhub.md, chapter 5): the server side of
nbgrader's assignment list (fetch, validate, submit) on, the teacher's Formgrader and course list off.

Read before jupyter/jupyter_server_config.py (JUPYTER_CONFIG_PATH=jupyter/inleveren:jupyter), so this wins.
"""

c = get_config()  # noqa: F821 (traitlets provides get_config in config files)

c.ServerApp.jpserver_extensions = {
    "nbgrader.server_extensions.assignment_list": True,
    "nbgrader.server_extensions.validate_assignment": True,
    "nbgrader.server_extensions.course_list": False,
    "nbgrader.server_extensions.formgrader": False,
}
