# Sociaal Werkboek on The Littlest JupyterHub (docs/JUPYTERHUB.md).
# Copy to /opt/tljh/config/jupyterhub_config.d/sociaalwerkboek.py, then: sudo tljh-config reload hub
#
# Memory/CPU limits and idle culling are set with tljh-config (see install.sh), not here.

USER_BIN = "/opt/tljh/user/bin"

# Every server start first puts the workbooks in ~/werkboeken. `werkboek klaarzetten` never
# overwrites: a workbook the student changed stays as it is, a deleted one comes back fresh.
c.Spawner.cmd = [  # noqa: F821  (`c` is the config object JupyterHub provides)
    "/bin/sh", "-c",
    f"{USER_BIN}/werkboek klaarzetten --stil; exec {USER_BIN}/jupyterhub-singleuser \"$@\"",
    "werkboek-start",
]

# Where students hand in (made with `werkboek inlevermap`, see docs/JUPYTERHUB.md). One folder per
# course; with several courses, give each course its own folder and set it per group of users, or
# let students choose the folder in workbook 90.
# WERKBOEK_MAP pins each student's answer store to their own home, also when notebooks are opened
# from a folder that nbgitpuller pulled (a checkout with its own pyproject.toml).
c.Spawner.environment = {  # noqa: F821
    "WERKBOEK_MAP": "~/SociaalWerkboek/werkruimte",
    "WERKBOEK_INLEVERMAP": "/srv/inlevermappen/sociale-afstand-2026",
}

# Open JupyterLab in the workbooks folder.
c.Spawner.default_url = "/lab/tree/werkboeken"  # noqa: F821
