// Precompile the pure wheels of the zero-install site with the Python that will run them: Pyodide's
// own, in Node.js (tools/build_site.py calls this; node is there already for `npm pack`).
//
//   node tools/site_pyc.mjs <pyodide folder> <work folder> <wheel name> ...
//   node tools/site_pyc.mjs <pyodide folder> <work folder> --stdlib <wheel name> ...
//
// Every wheel <work>/in/<name> is written to <work>/out/<name> with, next to each module, its
// bytecode in __pycache__ (cpython-313, "unchecked hash": used without comparing it to the source,
// whose file times the browser does not keep) and RECORD redone. In the browser the kernel then
// imports IPython and the project without compiling some 400 modules first (docs/SITE.md).
// Only modules that importing them reads get bytecode (see below).
//
// With --stdlib the wheels are only imported, and <work>/out/python_stdlib.zip is Pyodide's standard
// library with, next to each module those imports read, its bytecode (<module>.pyc, which zipimport
// takes before <module>.py): Pyodide's npm package has the sources only, so the browser would
// otherwise compile some 300 modules of the standard library (asyncio, email, ...) at every start.
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, work, ...rest] = process.argv.slice(2);
const stdlib = rest[0] === "--stdlib";
const wheels = stdlib ? rest.slice(1) : rest;
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: path.resolve(pyodideDir) + "/" });
py.FS.mkdirTree("/work");
py.FS.mount(py.FS.filesystems.NODEFS, { root: path.resolve(work) }, "/work");
py.globals.set("wheels", py.toPy(wheels));
py.globals.set("stdlib_mode", stdlib);
py.runPython(`
import base64, hashlib, importlib, importlib.util, pkgutil, py_compile, sys, zipfile

# Only the modules the kernel and the workbooks import get bytecode (pygments' 500 lexers, plotly's
# validators of every trace type would double the download for nothing): unpack every wheel, import
# IPython, the kernel and every module of the project, and note which files that read.
site = "/tmp/site"
for name in wheels:
    with zipfile.ZipFile("/work/in/" + name) as zin:
        zin.extractall(site)
sys.path.insert(0, site)
for top in ("IPython", "ipywidgets", "anywidget", "comm", "plotly.graph_objects", "micropip", "piplite.piplite"):
    try:
        importlib.import_module(top)
    except Exception:
        pass
try:  # plotly loads a figure's parts on first use: the kinds of chart the workbooks draw
    import plotly.graph_objects as go
    go.Figure(data=[go.Scatter(x=[1], y=[1]), go.Bar(x=[1], y=[1])], layout=dict(title="x"))
except Exception:
    pass
try:
    import sw_exercises
    for info in pkgutil.walk_packages(sw_exercises.__path__, "sw_exercises."):
        try:
            importlib.import_module(info.name)
        except Exception:
            pass  # a module the browser cannot import (lxml, sqlite3): it is never loaded there
except Exception:
    pass
stdout, stderr = sys.stdout, sys.stderr
try:  # the kernel itself, last: it takes over stdout and stderr
    importlib.import_module("pyodide_kernel")
except Exception:
    pass
sys.stdout, sys.stderr = stdout, stderr
used = {m.__file__[len(site) + 1:] for m in list(sys.modules.values())
        if getattr(m, "__file__", None) and m.__file__.startswith(site + "/")}
zip_path = next(p for p in sys.path if p.endswith(".zip"))  # the standard library: /lib/python313.zip
used_stdlib = {m.__file__[len(zip_path) + 1:] for m in list(sys.modules.values())
               if getattr(m, "__file__", None) and m.__file__.startswith(zip_path + "/") and m.__file__.endswith(".py")}
# The kernel's own small packages, which the browser imports at every start: all of their modules,
# whether importing them here worked or not.
KERNEL_OWN = ("pyodide_kernel/", "piplite/", "ipykernel/")

def digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()

def compiled(member, data):
    """The bytecode of one module's source, or None when it does not compile."""
    with open("/tmp/module.py", "wb") as fh:
        fh.write(data)
    try:
        py_compile.compile("/tmp/module.py", cfile="/tmp/module.pyc", dfile=member, doraise=True,
                           invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    except py_compile.PyCompileError:
        return None  # a file the package never imports (a template, Python 2 code): left as it is
    with open("/tmp/module.pyc", "rb") as fh:
        return fh.read()

if stdlib_mode:
    with zipfile.ZipFile(zip_path) as zin:
        members = {info.filename: zin.read(info) for info in zin.infolist()}
    for member in sorted(used_stdlib):
        code = compiled(zip_path + "/" + member, members[member])
        if code is not None:
            members[member[:-3] + ".pyc"] = code
    with zipfile.ZipFile("/work/out/python_stdlib.zip", "w", zipfile.ZIP_DEFLATED) as zout:
        for member, data in members.items():
            zout.writestr(zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    wheels = []

for name in wheels:
    with zipfile.ZipFile("/work/in/" + name) as zin:
        members = {info.filename: zin.read(info) for info in zin.infolist() if not info.is_dir()}
    for member, data in list(members.items()):
        if member not in used and not (member.startswith(KERNEL_OWN) and member.endswith(".py")):
            continue
        code = compiled(member, data)
        if code is not None:
            members[importlib.util.cache_from_source(member)] = code
    record = next(m for m in members if m.endswith(".dist-info/RECORD"))
    lines = [f"{m},{digest(d)},{len(d)}" for m, d in sorted(members.items()) if m != record]
    members[record] = ("\\n".join(lines + [f"{record},,"]) + "\\n").encode()
    with zipfile.ZipFile("/work/out/" + name, "w", zipfile.ZIP_DEFLATED) as zout:
        for member, data in members.items():
            zout.writestr(zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
`);
