# Varnish 7 in front of Sunlight's app servers (Debian: varnish, varnish-modules for xkey).
#
#   varnishd -a :80 -f /etc/varnish/sunlight.vcl -p vcl_path=/etc/varnish -s malloc,256m
#
# Site specifics (backends, the public host, who may purge) live in site.vcl next to this file:
# copy site.example.vcl and edit it. Public pages say `Cache-Control: public, s-maxage=N` and name
# what they show in an `xkey` header (project-<id>, org-<id>, home, discover …); after each
# committed change the app's background runner sends `PURGE` with `xkey-purge: <keys>` (docs/scaling.md).
vcl 4.1;

import directors;
import std;
import xkey;

include "site.vcl";

sub vcl_recv {
  # Purges come only from the app's runners (acl purgers in site.vcl), by surrogate key.
  if (req.method == "PURGE") {
    if (client.ip !~ purgers) {
      return (synth(403, "Forbidden"));
    }
    if (!req.http.xkey-purge) {
      return (synth(400, "xkey-purge header required"));
    }
    # Soft: a purged page stays in grace, so the next reader gets it at once while Varnish fetches the
    # new one (a reader never waits on, or is cut off by, a server that dies mid-answer); the one after gets the new page.
    set req.http.n-gone = xkey.softpurge(req.http.xkey-purge);
    return (synth(200, "Purged " + req.http.n-gone));
  }
  unset req.http.xkey-purge;

  # Varnish is the edge: the client's address, the host and the scheme are for it to say, never the
  # client's. A forged Host or X-Forwarded-Host reaches neither the app nor the cache key.
  unset req.http.X-Forwarded-Host;
  unset req.http.X-Forwarded-Port;
  unset req.http.Forwarded;
  set req.http.X-Forwarded-For = client.ip;
  call sunlight_site;

  # The app speaks two languages: any Accept-Language is reduced to the one it would pick, so the
  # cache keeps two copies of a page, not one per browser's header.
  if (req.http.Accept-Language ~ "(?i)^\s*zh") {
    set req.http.Accept-Language = "zh-CN";
  } elsif (req.http.Accept-Language ~ "(?i)^\s*en") {
    set req.http.Accept-Language = "en";
  } elsif (req.http.Accept-Language ~ "(?i)(^|,)\s*zh") {
    set req.http.Accept-Language = "zh-CN";
  } elsif (req.http.Accept-Language ~ "(?i)(^|,)\s*en") {
    set req.http.Accept-Language = "en";
  } else {
    unset req.http.Accept-Language;
  }

  if (req.method != "GET" && req.method != "HEAD") {
    return (pass);
  }
  if (req.http.Authorization) {
    return (pass);
  }
  # A session or a toast makes a response personal: passed. The language cookie alone is not (the
  # page varies on it: Vary: Cookie), nor the browser's device id (read only when signing in, which
  # is a POST and passes anyway), nor the video viewer id (read only by /watch/events, a POST); any
  # other cookie, unknown to us, passes too.
  if (req.http.Cookie) {
    set req.http.X-Other-Cookies = regsuball(req.http.Cookie, "(^|;)\s*(lang|sl_device|sl_viewer)=[^;]*", "");
    if (req.http.X-Other-Cookies ~ "[^;\s]") {
      unset req.http.X-Other-Cookies;
      return (pass);
    }
    unset req.http.X-Other-Cookies;
    if (req.http.Cookie ~ "(^|;)\s*lang=") {
      set req.http.Cookie = regsub(req.http.Cookie, "^.*?(lang=[^;]*).*$", "\1");
    } else {
      unset req.http.Cookie;
    }
  }
  return (hash);
}

sub vcl_backend_response {
  # Only what the app marked public is kept, for its s-maxage (Varnish reads s-maxage itself);
  # personal pages, anything setting a cookie, errors and redirects are never stored.
  if (beresp.http.Cache-Control !~ "(^|[\s,])public([\s,]|$)" || beresp.http.Cache-Control ~ "private|no-store|no-cache" || beresp.http.Set-Cookie || beresp.status != 200) {
    set beresp.uncacheable = true;
    set beresp.ttl = 10s;
    return (deliver);
  }
  # Past its s-maxage a page is served while a fresh one is fetched, and while no backend answers.
  if (beresp.grace < 1m) {
    set beresp.grace = 1m;
  }
  return (deliver);
}

sub vcl_backend_error {
  # A backend that died or refuses connections: a GET is tried again, up to three times, each time on
  # the director's next server. Until the probes mark a dead server sick (~1-2 s) the round robin
  # still hands it out, and fetches running at once share its turn, so one retry may meet it again.
  if ((bereq.method == "GET" || bereq.method == "HEAD") && bereq.retries < 3) {
    return (retry);
  }
}

sub vcl_deliver {
  unset resp.http.xkey;
  if (obj.uncacheable) {
    set resp.http.X-Cache = "pass";
  } elsif (obj.hits > 0) {
    set resp.http.X-Cache = "hit";
  } else {
    set resp.http.X-Cache = "miss";
  }
}
