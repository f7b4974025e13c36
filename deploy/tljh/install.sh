#!/usr/bin/env bash
# Sociaal Werkboek on The Littlest JupyterHub (TLJH), on a fresh Ubuntu server. Run as root, step by
# step (read docs/JUPYTERHUB.md first). Numbers: see the sizing table in that document.
set -euo pipefail

ADMIN=${ADMIN:-docent-beheer}          # first admin login of the hub
REPO=${REPO:?set REPO to the git address of the Sociaal Werkboek repository}
CHECKOUT=/opt/sociaalwerkboek          # readable by every user: datasets/ and workbooks/ are read from here

# 1. TLJH itself (its documented bootstrap installer; see the TLJH documentation).
#    curl -L https://tljh.jupyter.org/bootstrap.py | sudo python3 - --admin "$ADMIN"

# 2. The workbook, as a checkout installed editable into the users' environment.
git clone --depth 1 "$REPO" "$CHECKOUT"
chmod -R a+rX "$CHECKOUT"
/opt/tljh/user/bin/pip install -e "$CHECKOUT"
/opt/tljh/user/bin/python -m compileall -q "$CHECKOUT/sw_exercises"   # users cannot write __pycache__ here

# 3. Limits per student and idle culling (measured: see docs/JUPYTERHUB.md, "Hoeveel studenten").
tljh-config set limits.memory 1G       # a kernel that goes over is restarted; answers are already saved
tljh-config set limits.cpu 1
tljh-config set services.cull.enabled true
tljh-config set services.cull.timeout 1800   # stop a server after 30 minutes without activity
tljh-config set services.cull.every 300

# 4. Start-up: workbooks into every home, hand-in folder in the environment.
install -m 0644 "$CHECKOUT/deploy/tljh/sociaalwerkboek.py" /opt/tljh/config/jupyterhub_config.d/sociaalwerkboek.py
tljh-config reload hub

# 5. Update later (students keep their answers and their own copies of the notebooks):
#    git -C "$CHECKOUT" pull && /opt/tljh/user/bin/pip install -e "$CHECKOUT" && tljh-config reload hub
