#!/usr/bin/env bash
# The package's nginx example (packaging/nginx-mitwirken.conf) in front of a real `mitwirken serve --trust-proxy`,
# with a self-signed certificate: HTTPS answers through the proxy, plain HTTP is redirected, cookies are Secure
# (the https base URL of the package's configuration), the client's address arrives (the access log names the
# client, not a forged address), and a forged X-Forwarded-For from the client is replaced by the proxy. Registered with ctest (label ops); needs nginx, openssl and curl (scripts/bootstrap.sh).
#
#   tests/ops/nginx_tls_test.sh build/mitwirken
set -euo pipefail
binary=$(realpath "$1")
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/mw-nginx-tls.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAILED: $*" >&2
  echo "--- mitwirken log" >&2; tail -n 20 "$work/mitwirken.log" >&2 || true
  echo "--- nginx error log" >&2; tail -n 20 "$work/error.log" >&2 || true
  exit 1
}
# A loopback port nobody listens on (nothing connects), from a random start below the kernel's ephemeral range: a port
# in that range can be the local end of one of the many connections the other tests open (ctest runs two at once),
# and then nginx cannot bind it although nothing listens there ("Address already in use": session 10's CI failure
# was most likely this, a run here showed it).
free_port() {
  local ephemeral_low
  read -r ephemeral_low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || ephemeral_low=32768
  local span=$((ephemeral_low - 20000))
  ((span > 1000)) || span=1000
  local port=$((20000 + RANDOM % span))
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

app_port=$(free_port)
https_port=$(free_port)
http_port=$(free_port)

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=beteiligung.example" \
  -addext "subjectAltName=DNS:beteiligung.example" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

# The example's server blocks, unchanged but for ports, certificate paths and the upstream's port, inside a minimal
# nginx.conf that runs as this user without root paths.
sed -e "s|127.0.0.1:8080|127.0.0.1:$app_port|" \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|" -e "/listen \[::\]:443/d" \
    -e "s|listen 80;|listen 127.0.0.1:$http_port;|" -e "/listen \[::\]:80/d" \
    -e "s|/etc/ssl/certs/beteiligung.example.pem|$work/cert.pem|" \
    -e "s|/etc/ssl/private/beteiligung.example.key|$work/key.pem|" \
    "$source_dir/packaging/nginx-mitwirken.conf" >"$work/site.conf"
grep -q "127.0.0.1:$app_port" "$work/site.conf" || fail "the example's upstream address changed; update this test"
user_line=""
[[ $(id -u) -eq 0 ]] && user_line="user root;"
cat >"$work/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $work/client_body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  include $work/site.conf;
}
CONF

"$binary" --db "$work/mitwirken.db" --resources "$source_dir" migrate >/dev/null
"$binary" --db "$work/mitwirken.db" --resources "$source_dir" serve --listen "127.0.0.1:$app_port" --trust-proxy \
  --base-url https://beteiligung.example --mail log --upload-dir "$work" >"$work/mitwirken.log" 2>&1 &
pids+=($!)
/usr/sbin/nginx -c "$work/nginx.conf" -g "daemon off;" &
pids+=($!)

curl_https() {
  curl --silent --show-error --max-time 10 --cacert "$work/cert.pem" \
    --resolve "beteiligung.example:$https_port:127.0.0.1" "$@"
}
for _ in $(seq 1 100); do
  curl_https --fail -o /dev/null "https://beteiligung.example:$https_port/readyz" 2>/dev/null && break
  sleep 0.1
done

# 1. HTTPS through the proxy.
body=$(curl_https --fail "https://beteiligung.example:$https_port/healthz") || fail "no answer over HTTPS"
[[ $body == ok ]] || fail "/healthz through nginx answered '$body'"
# 2. Plain HTTP is redirected to HTTPS.
location=$(curl --silent --max-time 10 -o /dev/null -w '%{redirect_url}' "http://127.0.0.1:$http_port/anmelden")
[[ $location == https://* ]] || fail "plain HTTP was not redirected to HTTPS (got '$location')"
# 3. Cookies set over the proxy are Secure (the https base URL, as in packaging/mitwirken.env).
headers=$(curl_https -D - -o /dev/null "https://beteiligung.example:$https_port/anmelden")
grep -qi '^set-cookie: .*; Secure' <<<"$headers" || fail "cookies over the TLS proxy are not Secure: $headers"
# 4. The client's address arrives, and a forged X-Forwarded-For is replaced by the proxy.
curl_https -o /dev/null -H "X-Forwarded-For: 203.0.113.9" "https://beteiligung.example:$https_port/healthz"
sleep 0.3
grep -q '203.0.113.9' "$work/mitwirken.log" && fail "a client's forged X-Forwarded-For reached the access log"
grep -Eq '"remote_ip": *"127.0.0.1"' "$work/mitwirken.log" || fail "the access log does not name the client's address"
echo "nginx TLS proxy: 4 checks passed"
