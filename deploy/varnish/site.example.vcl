# Site specifics for sunlight.vcl: copy to site.vcl next to it and edit.

# Every app server, probed on /healthz: a server that stops answering leaves the rotation in ~2 s.
probe sunlight_health {
  .url = "/healthz";
  .interval = 1s;
  .timeout = 1s;
  .window = 3;
  .threshold = 2;
}

backend app1 { .host = "127.0.0.1"; .port = "3000"; .probe = sunlight_health; .connect_timeout = 1s; .first_byte_timeout = 30s; }
# backend app2 { .host = "10.0.0.12"; .port = "3000"; .probe = sunlight_health; }

sub vcl_init {
  new app = directors.round_robin();
  app.add_backend(app1);
  # app.add_backend(app2);
}

# Who may purge: the hosts the app's runners (web servers with BACKGROUND=on, `npm run worker`) run on.
acl purgers {
  "127.0.0.1";
  "::1";
}

# The one public host and scheme (PUBLIC_URL): what the app sees, whatever the client sent.
sub sunlight_site {
  set req.backend_hint = app.backend();
  set req.http.Host = "sunlight.example.org";
  set req.http.X-Forwarded-Proto = "https";
}
