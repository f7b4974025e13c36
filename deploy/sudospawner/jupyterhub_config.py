# JupyterHub for the Sociaal Werkboek with the hub itself NOT running as root (docs/JUPYTERHUB.md,
# "De hub zonder root"). Run as the system user `jupyterhub`:
#   sudo -u jupyterhub /opt/jupyterhub/bin/jupyterhub -f /etc/jupyterhub/jupyterhub_config.py
# The hub, the proxy and sudospawner live in the venv /opt/jupyterhub (owned by root, readable by all);
# the workbook is a checkout in /opt/sociaalwerkboek, installed editable in that same venv. tests/hub
# runs this set-up with real system users.
c = get_config()  # noqa: F821

c.JupyterHub.spawner_class = "sudospawner.SudoSpawner"
c.SudoSpawner.sudospawner_path = "/opt/jupyterhub/bin/sudospawner"
# The mediator starts /opt/jupyterhub/bin/sudospawner-singleuser (this folder): `werkboek klaarzetten`,
# then the server. Spawner.cmd is not used with sudospawner.
c.Spawner.environment = {
    "WERKBOEK_MAP": "~/SociaalWerkboek/werkruimte",
    "WERKBOEK_INLEVERMAP": "/srv/inlevermappen/sociale-afstand-2026",
}
c.Spawner.default_url = "/lab"

# Files the hub writes: in its own folder, not readable by others (the database holds tokens).
c.JupyterHub.db_url = "sqlite:////var/lib/jupyterhub/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "/var/lib/jupyterhub/jupyterhub_cookie_secret"
c.ConfigurableHTTPProxy.pid_file = "/var/lib/jupyterhub/jupyterhub-proxy.pid"

# Log in through the school (SSO or LTI), never DummyAuthenticator on a reachable server; only users
# in the sudoers group can get a server. Behind a TLS-terminating reverse proxy (port 443):
c.JupyterHub.bind_url = "http://127.0.0.1:8000"
