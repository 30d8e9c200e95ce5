// A small integration a running app would write: generate a plan, save it, list it.
// It only type-checks if the committed OpenAPI contract still has these shapes.
import type { components, paths } from "./schema";

type Profile = components["schemas"]["RunnerProfileIn"];
type WeekPlan = paths["/v1/plans/generate"]["post"]["responses"]["200"]["content"]["application/json"];
type CreateBody = paths["/v1/plans"]["post"]["requestBody"]["content"]["application/json"];
type SavedPlan = paths["/v1/plans"]["post"]["responses"]["201"]["content"]["application/json"];
type Page = paths["/v1/plans"]["get"]["responses"]["200"]["content"]["application/json"];
type Problem = components["schemas"]["Problem"];

async function call<T>(base: string, key: string, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(base + path, {
    ...init,
    headers: { "X-API-Key": key, "Content-Type": "application/json", ...init.headers },
  });
  if (!res.ok) {
    const problem = (await res.json()) as Problem;
    const fields = (problem.errors ?? []).map((e) => `${e.pointer}: ${e.detail}`).join("; ");
    throw new Error(`${problem.status} ${problem.title}: ${problem.detail} ${fields}`);
  }
  return (await res.json()) as T;
}

export async function weekForRunner(base: string, key: string): Promise<string[]> {
  const profile: Profile = {
    experience: "intermediate",
    runs: [
      { day: "tue", kind: "easy" },
      { day: "thu", kind: "quality" },
      { day: "sat", kind: "long" },
    ],
    phase: "base",
    equipment: ["dumbbells", "mini_band"],
    session_minutes: 35,
    injuries: [{ area: "achilles", status: "history" }],
    strategy: "hard_days_hard",
  };
  const plan = await call<WeekPlan>(base, key, "/v1/plans/generate", {
    method: "POST",
    body: JSON.stringify(profile),
  });
  const summary: string[] = plan.sessions.map((s) => {
    const first = s.exercises[0];
    const dose = first
      ? `${first.sets} x ${first.target.min}-${first.target.max} ${first.target.unit}, rest ${first.rest_seconds}s`
      : "no exercises";
    const intensity: "heavy" | "moderate" | "light" = s.intensity;
    return `${s.day} ${intensity} ${s.estimated_minutes} min: ${dose} (${s.rationale.length} reasons)`;
  });
  const warnings: string[] = plan.warnings.map((w) => `${w.code}: ${w.message}`);

  const body: CreateBody = { athlete_id: "runner-42", name: "Spring 10k base", profile };
  const saved = await call<SavedPlan>(base, key, "/v1/plans", {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "Idempotency-Key": "runner-42-week-1" },
  });
  const version: number = saved.version;
  const page = await call<Page>(base, key, `/v1/plans?athlete_id=${encodeURIComponent(saved.athlete_id)}&limit=20`);
  const ids: string[] = page.data.map((p) => p.id);
  const next: string | null | undefined = page.next_cursor;
  return [...summary, ...warnings, `saved ${saved.id} v${version}`, ...ids, String(next)];
}
