// The GOFLAGS that change what a download does.

export interface Goflags {
  modVendor: boolean;
  modcacherw: boolean;
  modReadonly: boolean;
  flags: string[];
}

export function parseGoflags(value: string): Goflags {
  const flags = value.split(/\s+/).filter(Boolean);
  const mod = flags.map((f) => /^--?mod=(.*)$/.exec(f)?.[1]).filter((m): m is string => m !== undefined).pop();
  return {
    modVendor: mod === "vendor",
    modReadonly: mod === "readonly",
    modcacherw: flags.some((f) => /^--?modcacherw(=true)?$/.test(f)),
    flags,
  };
}
