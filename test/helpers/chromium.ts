/**
 * The Chromium the browser tests drive. It comes from the npm registry, not from the machine:
 * `@sparticuz/chromium` ships a headless Chromium and, for Amazon Linux 2023, the shared libraries
 * it needs, inside the package, so `npm ci` is the whole install (no root, no apt, no download).
 * `CHROMIUM_PATH` picks a Chromium of the machine's instead, when asked for.
 *
 * The package unpacks into `os.tmpdir()`; we point that at a folder of our own, named by the
 * package's version, and unpack into a staging folder that is renamed into place only once
 * complete, so an interrupted run or two runs at once never leave a half-written browser behind.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Browser {
  /** The binary to launch. */
  executablePath: string;
  /** Command-line flags for it. */
  args: string[];
  /** The environment to launch it with (its libraries and fonts). */
  env: Record<string, string>;
}

/**
 * Flags of ours on top of the package's: no traffic of the browser's own (this machine's network
 * is closed; a test must not wait on or leak to the outside), no first-run or sync machinery.
 */
export const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--metrics-recording-only',
  '--no-default-browser-check',
];

/** Flags of the package we do not want: the tests check the page under the web's usual security. */
const UNWANTED = new Set(['--disable-web-security', '--allow-running-insecure-content', '--disable-site-isolation-trials']);

const READY = '.complete';

function stringEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return { ...env, ...extra };
}

function systemChromium(path: string): Browser {
  if (!existsSync(path))
    throw new Error(`CHROMIUM_PATH is ${path}, which does not exist. Unset it to use the Chromium of npm's @sparticuz/chromium.`);
  return { executablePath: path, args: ['--headless', ...QUIET_FLAGS], env: stringEnv({}) };
}

/**
 * Runs `fn` with `os.tmpdir()` answering `dir` and the package believing it runs on Amazon Linux
 * 2023 (`AWS_LAMBDA_JS_RUNTIME`, read when it loads and when it unpacks: it then also unpacks the
 * shared libraries, nss and the like, that a bare machine lacks), and puts the environment back.
 */
async function withTmpdir<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const names = ['TMPDIR', 'AWS_LAMBDA_JS_RUNTIME', 'LD_LIBRARY_PATH', 'FONTCONFIG_PATH', 'HOME'] as const;
  const saved = Object.fromEntries(names.map((k) => [k, process.env[k]]));
  process.env.TMPDIR = dir;
  process.env.AWS_LAMBDA_JS_RUNTIME = 'nodejs24.x';
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function npmChromium(): Promise<Browser> {
  // The package exports only its entry (build/index.js); its package.json is one folder up.
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const pkgJson = join(dirname(entry), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string };
  const home = join(tmpdir(), `sab-sparticuz-chromium-${version}`);

  type Sparticuz = typeof import('@sparticuz/chromium').default;
  // Loaded with tmpdir() answering our folder: the package reads it when it loads (for
  // LD_LIBRARY_PATH, put back afterwards; the launch gets its own environment below) and to unpack.
  const load = async (): Promise<Sparticuz> => {
    const { default: Chromium } = await import('@sparticuz/chromium');
    Chromium.setGraphicsMode = false; // no WebGL: Chart.js draws on a 2D canvas
    return Chromium;
  };
  let Chromium: Sparticuz;
  if (existsSync(join(home, READY))) {
    Chromium = await withTmpdir(home, load);
  } else {
    mkdirSync(dirname(home), { recursive: true });
    const staging = mkdtempSync(`${home}.staging-`);
    try {
      Chromium = await withTmpdir(staging, async () => {
        const loaded = await load();
        await loaded.executablePath();
        return loaded;
      });
      // The package's fonts.conf names /tmp/fonts, where it unpacks on Lambda; ours is elsewhere.
      writeFileSync(join(staging, 'fonts', 'fonts.conf'), fontsConf(home));
      writeFileSync(join(staging, READY), `${version}\n`);
      try {
        renameSync(staging, home);
      } catch (err) {
        // Another run put it in place first: use that one.
        if (!existsSync(join(home, READY))) throw err;
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }

  const args = [...Chromium.args.filter((a) => !UNWANTED.has(a)), ...QUIET_FLAGS];
  const libs = join(home, 'al2023', 'lib');
  return {
    executablePath: join(home, 'chromium'),
    args: [...new Set(args)],
    env: stringEnv({
      LD_LIBRARY_PATH: [libs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      FONTCONFIG_PATH: join(home, 'fonts'),
    }),
  };
}

/** A fontconfig file for the fonts the package ships (Open Sans), in their final place, and nothing else. */
function fontsConf(home: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${join(home, 'fonts', 'fonts')}</dir>`,
    `  <cachedir>${join(home, 'fonts-cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}

/** The Chromium to test with: `CHROMIUM_PATH` if set, otherwise the one from npm. */
export async function testChromium(): Promise<Browser> {
  const path = process.env.CHROMIUM_PATH;
  return path ? systemChromium(path) : npmChromium();
}
