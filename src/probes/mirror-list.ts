// The public module mirrors a user could switch to (measured only with --mirrors / probe).
export const DEFAULT_MIRRORS = [
  "https://proxy.golang.org",
  "https://goproxy.io",
  "https://goproxy.cn",
  "https://mirrors.aliyun.com/goproxy/",
];
