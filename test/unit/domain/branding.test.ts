import { describe, expect, it } from "vitest";
import {
  contrastRatio,
  logoTypeOf,
  MAX_LOGO_BYTES,
  NO_BRANDING,
  parseColour,
  validateBranding,
  type BrandingInput,
} from "../../../src/domain/branding.js";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const input = (change: Partial<BrandingInput> = {}): BrandingInput => ({
  name: "Contoso",
  accentColour: "",
  signInMessage: "",
  helpdeskText: "",
  logo: { keep: true },
  ...change,
});

describe("company branding", () => {
  it("measures contrast as WCAG does", () => {
    expect(contrastRatio("#ffffff", "#000000")).toBeCloseTo(21, 5);
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
    expect(contrastRatio("#0b5cad", "#ffffff")).toBeGreaterThan(4.5);
  });

  it("takes colours as six hex digits, with or without #, in any case", () => {
    expect(parseColour("#0B5CAD")).toBe("#0b5cad");
    expect(parseColour(" 0b5cad ")).toBe("#0b5cad");
    for (const bad of ["#fff", "blue", "#0b5cadff", "#gggggg", "rgb(0,0,0)"]) {
      expect(parseColour(bad)).toBeUndefined();
    }
  });

  it("refuses an accent that white text or a white page would make unreadable", () => {
    const result = validateBranding(NO_BRANDING, input({ accentColour: "#777777" }));
    expect(result).toEqual({
      ok: false,
      problems: [{ field: "accentColour", problem: "lowContrast", ratio: expect.any(Number) }],
    });
    const dark = validateBranding(NO_BRANDING, input({ accentColour: "#7A1F5C" }));
    expect(dark.ok && dark.branding.accentColour).toBe("#7a1f5c");
  });

  it("tells logos by their bytes, never taking SVG or anything else", () => {
    expect(logoTypeOf(PNG)).toBe("image/png");
    expect(logoTypeOf(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    const webp = Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WEBPVP8 ")]);
    expect(logoTypeOf(webp)).toBe("image/webp");
    expect(logoTypeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'))).toBe(
      undefined,
    );
    expect(logoTypeOf(Buffer.from("GIF89a"))).toBeUndefined();
  });

  it("names every problem at once and keeps, replaces or removes the logo as asked", () => {
    const result = validateBranding(
      NO_BRANDING,
      input({
        name: "  ",
        accentColour: "blue",
        signInMessage: "x".repeat(1025),
        logo: { keep: false, bytes: new Uint8Array(MAX_LOGO_BYTES + 1) },
      }),
    );
    expect(result.ok ? [] : result.problems.map((p) => `${p.field}:${p.problem}`)).toEqual([
      "name:missing",
      "accentColour:notAColour",
      "signInMessage:tooLong",
      "logo:tooLarge",
    ]);
    const withLogo = validateBranding(NO_BRANDING, input({ logo: { keep: false, bytes: PNG } }));
    if (!withLogo.ok) throw new Error("refused");
    expect(withLogo.branding.logo?.type).toBe("image/png");
    const kept = validateBranding(withLogo.branding, input({ helpdeskText: " Call 123 \r\n " }));
    expect(kept.ok && kept.branding).toMatchObject({
      helpdeskText: "Call 123",
      logo: { type: "image/png" },
    });
    const removed = validateBranding(
      withLogo.branding,
      input({ logo: { keep: false, bytes: null } }),
    );
    expect(removed.ok && removed.branding.logo).toBeNull();
  });
});
