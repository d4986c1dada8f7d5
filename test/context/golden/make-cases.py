# Writes cases.json: hand-picked cases plus deterministic random ones.
# Run: python3 make-cases.py > cases.json
import json, random

rnd = random.Random(20261125)
def rand_str(alphabet, lo, hi):
    return "".join(rnd.choice(alphabet) for _ in range(rnd.randint(lo, hi)))

path_match = [
    ["abc", "abc"], ["*", "abc"], ["*c", "abc"], ["a*", "a"], ["a*", "abc"], ["a*", "ab/c"],
    ["a*/b", "abc/b"], ["a*/b", "a/c/b"], ["a*b*c*d*e*/f", "axbxcxdxe/f"], ["a*b*c*d*e*/f", "axbxcxdxexxx/f"],
    ["a*b*c*d*e*/f", "axbxcxdxe/xxx/f"], ["a*b*c*d*e*/f", "axbxcxdxexxx/fff"], ["a*b?c*x", "abxbbxdbxebxczzx"],
    ["a*b?c*x", "abxbbxdbxebxczzy"], ["ab[c]", "abc"], ["ab[b-d]", "abc"], ["ab[e-g]", "abc"], ["ab[^c]", "abc"],
    ["ab[^b-d]", "abc"], ["ab[^e-g]", "abc"], ["a\\*b", "a*b"], ["a\\*b", "ab"], ["a?b", "a☺b"], ["a[^a]b", "a☺b"],
    ["a???b", "a☺b"], ["a[^a][^a][^a]b", "a☺b"], ["[a-ζ]*", "α"], ["*[a-ζ]", "A"], ["a?b", "a/b"], ["a*b", "a/b"],
    ["[\\]a]", "]"], ["[\\-]", "-"], ["[x\\-]", "x"], ["[x\\-]", "-"], ["[x\\-]", "z"], ["[\\-x]", "x"], ["[\\-x]", "-"],
    ["[\\-x]", "a"], ["[]a]", "]"], ["[-]", "-"], ["[x-]", "x"], ["[x-]", "-"], ["[x-]", "z"], ["[-x]", "x"],
    ["[-x]", "-"], ["[-x]", "a"], ["\\", "a"], ["[a-b-c]", "a"], ["[", "a"], ["[^", "a"], ["[^bc", "a"], ["a[", "a"],
    ["a[", "ab"], ["a[", "x"], ["a/b[", "x"], ["*x", "xxx"], ["[/]", "/"], ["a[/]b", "a/b"], ["[^a]", "/"],
    ["*", ""], ["", ""], ["", "a"], ["**", "a/b"], ["a*[", "ab"], ["x*[", "ab"],
]
for _ in range(400):
    path_match.append([rand_str("ab/*?[]^-\\c", 0, 7), rand_str("ab/c-]", 0, 6)])

prefix = [
    ["", "rsc.io/quote"], ["/", "rsc.io/quote"], ["*/quote", "rsc.io/quote"], ["*/quo", "rsc.io/quote"],
    ["*/quo??", "rsc.io/quote"], ["*/quo*", "rsc.io/quote"], ["*quo*", "rsc.io/quote"], ["rsc.io", "rsc.io/quote"],
    ["*.io", "rsc.io/quote"], ["rsc.io/", "rsc.io/quote"], ["rsc", "rsc.io/quote"], ["rsc*", "rsc.io/quote"],
    ["rsc.io", "rsc.io/quote/v3"], ["*/quote", "rsc.io/quote/v3"], ["*/quote/", "rsc.io/quote/v3"],
    ["*/quote/*", "rsc.io/quote/v3"], ["*/quote/*/", "rsc.io/quote/v3"], ["*/v3", "rsc.io/quote/v3"],
    ["*/*/v3", "rsc.io/quote/v3"], ["*/*/*", "rsc.io/quote/v3"], ["*/*/*/", "rsc.io/quote/v3"],
    ["*/*/*", "rsc.io/quote"], ["*/*/*/", "rsc.io/quote"], ["*/*/*,,", "rsc.io/quote"],
    ["*/*/*,,*/quote", "rsc.io/quote"], [",,*/quote", "rsc.io/quote"],
    ["rsc.io//", "rsc.io/quote"], ["rsc.io//", "rsc.io"], [" rsc.io", "rsc.io/quote"], ["rsc.io ", "rsc.io/quote"],
    ["*.corp.example.com,rsc.io/private", "git.corp.example.com/xyzzy"],
    ["*.corp.example.com,rsc.io/private", "rsc.io/private/quux"],
    ["*.corp.example.com,rsc.io/private", "rsc.io/public"], ["*.corp.example.com", "corp.example.com/x"],
    ["[", "github.com/corp/svc"], ["[,github.com", "github.com/corp/svc"], ["github.com/[ab]cme", "github.com/acme/x"],
    ["github.com/[^ab]cme", "github.com/acme/x"], ["github.com/ACME", "github.com/acme/x"], ["*", "x"], ["*", "x/y"],
    ["*/*", "x"], ["example.com/a", "example.com/ab"], ["example.com/a*", "example.com/ab/c"],
]
for _ in range(300):
    prefix.append([rand_str("ab/*?,[]", 0, 8), rand_str("ab/", 0, 7)])

goproxy = [
    "", " ", ",", "|", " , ,direct", "direct", "off", "https://proxy.golang.org,direct", "goproxy.io,direct",
    "goproxy.io|direct", "https://a.example|https://b.example,direct", "goproxy.io,off,https://never.example",
    "direct,https://never.example", "proxy", "noproxy", "ftp://proxy.example", "http://127.0.0.1:8080/",
    "127.0.0.1:8080", "localhost:3000", "localhost", "https://", "https://a b", "https://proxy.example:abc",
    "https://[::1", "https://[::1]:8080/x", "file:///tmp/proxy", "file:/tmp/proxy", "file://host/tmp/proxy",
    "file:///tmp/proxy?x=1", "/tmp/proxy", "tmp/proxy", "1http://x", "HTTPS://Proxy.Example", "https:proxy.example",
    "http://user:pass@proxy.example/", "https://proxy.example/%zz", "https://proxy.example/#frag",
    "https://proxy.example/#%zz", "https://pro%41xy.example", "https://pro%c3%a9xy.example", "https://a%2",
    "https://x{y}.example", "https://x\ty.example", "  https://a.example  ,  direct  ", "https://a.example,",
    "https://a.example|", "C:\\proxy", ":8080", "https://user@pa@ss@h.example", "https://us er@h.example",
    "http://[fe80::1%25en0]:8080/", "http://[fe80::1%en0]/", "*", "https://a.example/?", "direct|off",
    "https://proxy.example//", "https://proxy.example/path/",
]
gosumdb = [
    "", "off", " off", "sum.golang.org", "sum.golang.google.cn", "sum.golang.org https://sum.golang.google.cn",
    "sum.golang.org https://a b", "sum.golang.org http://127.0.0.1:9/", "sumdb.corp.example", "a b c",
    "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
    "sum.golang.org+033de0af+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
    "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn", "x+1234567+AAAA", "sum.golang.org   ",
    "\tsum.golang.org", "sum.golang.org sum.golang.org",
]
netrc = [
    "machine incomplete\npassword none\n\nmachine api.github.com\n  login user\n  password pwd\n\nmachine incomlete.host\n  login justlogin\n\nmachine test.host\nlogin user2\npassword pwd2\n\nmachine oneline login user3 password pwd3\n\nmachine ignore.host macdef ignore\n  login nobody\n  password nothing\n\nmachine hasmacro.too macdef ignore-next-lines login user4 password pwd4\n  login nobody\n  password nothing\n\ndefault\nlogin anonymous\npassword gopher@golang.org\n\nmachine after.default\nlogin oops\npassword too-late-in-file\n",
    "machine a.example login u password p machine b.example login v password q",
    'machine "q.example" login "u" password "p w"',
    "default login x password y\nmachine after.example login u password p\n",
    "machine a login u password p default\nmachine b login u password p\n",
    "machine a login u\npassword\np\n",
    "machine a login u password p\r\nmachine b login v password q\r\n",
    "macdef init\ncd /tmp\nput x\n\nmachine a.example login u password p",
    "macdef init\ncd /tmp\n \nmachine a.example login u password p",
    "login u password p machine a.example",
    "machine a.example account x login u password p",
    "machine a.example:8443 login u password p",
    "",
]
http_proxy = []
base = {"httpProxy": "http://p.corp:80", "httpsProxy": "proxy.corp:3128"}
urls = [
    "https://proxy.golang.org/x", "http://example.com/", "https://127.0.0.1:8080/", "http://127.9.9.9/", "https://localhost/",
    "https://LOCALHOST/", "https://sub.localhost/", "https://[::1]:443/", "https://git.internal.example/",
    "https://internal.example/", "https://10.1.2.3/", "https://git.corp:8443/", "https://git.corp/", "http://git.corp:8443/",
    "https://sub.example.com/", "https://example.com/", "https://badexample.com/", "https://[2001:db8::5]/",
    "https://192.168.1.10:8443/", "https://192.168.1.10/", "http://192.168.1.10:8443/", "https://[::ffff:127.0.0.1]/",
]
no_proxies = [
    "", "*", ".internal.example,10.0.0.0/8,git.corp:8443", "example.com", ".example.com", "*.example.com",
    "a.b, example.com ,", "example.com:443", "192.168.1.10:8443", "2001:db8::/32", "[2001:db8::5]:443",
    "192.168.1.10", "EXAMPLE.COM", "example.com internal.example", "*,example.com", ".", "*.", ":443",
]
for np in no_proxies:
    for u in urls:
        http_proxy.append({**base, "noProxy": np, "url": u})
for v in ["proxy.corp:3128", "http://proxy.corp:3128", "socks5://s.corp:1080", "https://p.corp", "127.0.0.1:3128",
          "localhost:3128", "http://user:pw@p.corp:3128", "p.corp", "ftp://p.corp", "http://", "://bad", "http://a b",
          "[::1]:3128", "%zz"]:
    http_proxy.append({"httpProxy": v, "httpsProxy": v, "noProxy": "", "url": "https://example.com/"})
    http_proxy.append({"httpProxy": v, "httpsProxy": v, "noProxy": "", "url": "http://example.com/"})

print(json.dumps({"pathMatch": path_match, "prefixMatch": prefix, "goproxy": goproxy, "gosumdb": gosumdb,
                  "netrc": netrc, "httpProxy": http_proxy}, ensure_ascii=False, indent=0))
