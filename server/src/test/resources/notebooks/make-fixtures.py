# Writes the notebook fixtures with the real nbformat (5.11.1 was used), so the round-trip
# tests compare Rampart's writer with Jupyter's own bytes. Run from this folder:
#   python -m venv /tmp/nb && /tmp/nb/bin/pip install nbformat && /tmp/nb/bin/python make-fixtures.py
import nbformat
from nbformat.v4 import new_notebook, new_code_cell, new_markdown_cell, new_raw_cell, new_output

nb = new_notebook()
nb.metadata = {
    "kernelspec": {"name": "java", "display_name": "Java", "language": "java"},
    "language_info": {"name": "java", "file_extension": ".java", "mimetype": "text/x-java-source", "version": "17"},
    "rampart": {"kata": "path-traversal", "weights": [0.5, 1e-05, 1e+16, 123.456, 1.0, 1e22, -2.5, 0.0001],
                "empty": {}, "none": [], "big": 12345678901234567890},
    "x-unknown-tool": {"zeta": True, "alpha": None, "Émile": "naïve ünïcödé ✓ 😀"},
}
nb.cells = [
    new_markdown_cell("# Path traversal\n\nServe files from **one** folder — and only that folder.\n", id="intro"),
    new_code_cell("var server = new FileServer(root);\nserver.read(\"../etc/passwd\");", id="exploit", execution_count=3,
                  metadata={"tags": ["exploit"], "collapsed": False, "scrolled": "auto", "unknown": {"b": 1, "a": 2}},
                  outputs=[
                      new_output("stream", name="stdout", text="root:x:0:0\ttab\u0001ctl \"quoted\" back\\slash\n"),
                      new_output("execute_result", data={"text/plain": "42", "application/json": {"k": [1, 2.5, None]}},
                                 execution_count=3),
                      new_output("error", ename="java.nio.file.NoSuchFileException", evalue="/etc/shadow",
                                 traceback=["line 1", "line 2"]),
                      new_output("display_data", data={"text/html": "<b>bold</b>"}, metadata={"isolated": True}),
                  ]),
    new_raw_cell("raw text", id="raw-1", metadata={"format": "text/plain"}),
    new_code_cell("", id="empty"),
]
nbformat.validate(nb)
nbformat.write(nb, "jupyter-written.ipynb")

small = new_notebook(cells=[new_code_cell("1 + 1", id="c1")],
                     metadata={"kernelspec": {"name": "java", "display_name": "Java"}})
nbformat.write(small, "small.ipynb")
