# nbgrader configuration of the Wijklab assignments (read by `python3 cursus.py opdrachten`, which copies
# this file into the teacher's course folder opdrachten_docent/, and by tests/test_opdrachten.py).
# Teachers: run nbgrader from inside opdrachten_docent/, so that nbgrader finds this file there.
c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.CourseDirectory.course_id = "wijklab"
# The course folder (CourseDirectory.root) is the folder you run nbgrader in: opdrachten_docent/.

# What students see in place of the solutions: Dutch instead of nbgrader's "YOUR CODE HERE".
c.ClearSolutions.code_stub = {"python": "# JOUW CODE HIER\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "JOUW ANTWOORD HIER"

# With JupyterHub: the exchange folder shared by teacher and students (must exist and be writable for
# everyone; nbgrader's default is /usr/local/share/nbgrader/exchange). Change it here if your hub uses another.
# c.Exchange.root = "/usr/local/share/nbgrader/exchange"

# Without JupyterHub: `nbgrader zip_collect` reads the zip you download from the learning platform. The
# pattern below reads Canvas-style names, "<naam>_<gebruikersnummer>_<inzendnummer>_<bestand>.ipynb", also with
# "_LATE_" after the name. student_id becomes the name part. For Brightspace ("12345-67890 - Jan Jansen -
# 2 dec. 2026 1403 - opdracht1_menging.ipynb") use the second line instead. Test a new pattern with
# `nbgrader zip_collect <opdracht> --debug` and look at the student ids it reports.
c.FileNameCollectorPlugin.named_regexp = (
    r".*[\\/](?P<student_id>[A-Za-z0-9]+)_(?:LATE_)?\d+_\d+_(?P<file_id>[^\\/]+?)(?:-\d+)?\.ipynb$"
)
# c.FileNameCollectorPlugin.named_regexp = r".*[\\/]\d+-(?P<student_id>\d+) - [^\\/]+ - (?P<file_id>[^\\/]+)$"
c.ZipCollectApp.strict = True
