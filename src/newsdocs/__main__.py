from newsdocs.cli import app

app(prog_name="newsdocs")
