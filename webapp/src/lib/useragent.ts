/**
 * A user agent string as a person recognises their device: "Chrome on Linux", "Safari on iPhone",
 * "Firefox on Windows", "curl". Order matters: Edge and Opera also say "Chrome", Chrome also says
 * "Safari", Android also says "Linux", iPhone also says "Mac OS X".
 */
export function describeUserAgent(ua: string | null | undefined): string {
  const text = (ua ?? '').trim();
  if (!text) return 'Unknown device';
  const browser = browserOf(text);
  const os = systemOf(text);
  if (browser && os) return `${browser} on ${os}`;
  if (browser) return browser;
  if (os) return `Browser on ${os}`;
  // a command-line client or library: its product name, without the version ("curl/8.5.0" → "curl")
  const product = /^([A-Za-z][\w.-]{0,30})\//.exec(text)?.[1];
  if (product) return product;
  return text.length > 40 ? text.slice(0, 39) + '…' : text;
}

function browserOf(ua: string): string | null {
  if (/\bEdg(e|A|iOS)?\//.test(ua)) return 'Edge';
  if (/\bOPR\/|\bOpera\b/.test(ua)) return 'Opera';
  if (/\bSamsungBrowser\//.test(ua)) return 'Samsung Internet';
  if (/\bFirefox\/|\bFxiOS\//.test(ua)) return 'Firefox';
  if (/\bHeadlessChrome\//.test(ua)) return 'Headless Chrome';
  if (/\bChrom(e|ium)\/|\bCriOS\//.test(ua)) return 'Chrome';
  if (/\bVersion\/[\d.]+.*\bSafari\//.test(ua) || (/\bAppleWebKit\//.test(ua) && /\bMobile\//.test(ua))) return 'Safari';
  return null;
}

function systemOf(ua: string): string | null {
  if (/\biPhone\b/.test(ua)) return 'iPhone';
  if (/\biPad\b/.test(ua)) return 'iPad';
  if (/\bAndroid\b/.test(ua)) return 'Android';
  if (/\bCrOS\b/.test(ua)) return 'ChromeOS';
  if (/\bWindows\b/.test(ua)) return 'Windows';
  if (/\bMac OS X\b|\bMacintosh\b/.test(ua)) return 'macOS';
  if (/\bLinux\b|\bX11\b/.test(ua)) return 'Linux';
  return null;
}
