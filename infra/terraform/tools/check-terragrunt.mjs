#!/usr/bin/env node
// Offline checker for the Terragrunt live configuration (no terragrunt binary needed).
//
// Parses envs/root.hcl and every envs/<staging|production>/<unit>/terragrunt.hcl
// with @cdktf/hcl2json and the modules' *.tf files, then checks:
//   - root.hcl: S3 remote state with use_lockfile = true, a generated provider,
//     common inputs that every module declares;
//   - each unit: terraform.source points at a module folder; every dependency
//     config_path is an existing unit of the same environment; every
//     dependency.X.outputs.Y read is an output of X's module and has a mock
//     output; mock outputs are limited to validate/plan and name real outputs;
//     every input is a variable of the module; every required variable is set
//     (by the unit or by root.hcl's common inputs); no unused dependency;
//   - the dependency graph of each environment has no cycle;
//   - staging and production differ only in inputs: same units, sources,
//     dependencies and input names;
//   - the pipeline's output contract (OUTPUTS.md) is provided exactly once per
//     environment and by envs/local.
// Prints one line per problem and exits 1, or prints an OK summary.
//
// Usage: node check-terragrunt.mjs [path/to/infra/terraform]

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@cdktf/hcl2json";

const here = path.dirname(fileURLToPath(import.meta.url));
const tfRoot = path.resolve(process.argv[2] ?? path.join(here, ".."));
const envsDir = path.join(tfRoot, "envs");
const terragruntEnvs = ["staging", "production"];
const allowedMockCommands = new Set(["validate", "plan"]);

// The output contract the deploy pipeline reads (see OUTPUTS.md).
const contractOutputs = [
  "ecr_repository_urls",
  "ecr_repository_names",
  "ecs_cluster_name",
  "ecs_service_names",
  "ecs_task_definition_families",
  "ecs_container_names",
  "task_subnet_ids",
  "task_security_group_ids",
  "task_assign_public_ip",
  "assets_bucket_name",
  "cloudfront_distribution_id",
  "cloudfront_domain_name",
  "ssm_parameter_names",
  "log_group_names",
  "alb_dns_name",
  "deploy_role_arn",
];

const problems = [];
const rel = (p) => path.relative(tfRoot, p) || ".";
const problem = (file, message) => problems.push(`${rel(file)}: ${message}`);

async function parseHcl(file) {
  try {
    return await parse(file, fs.readFileSync(file, "utf8"));
  } catch (err) {
    problem(file, `cannot parse: ${String(err.message ?? err).split("\n")[0]}`);
    return null;
  }
}

// Every string inside a parsed HCL document (expressions appear as "${...}").
function strings(value, out = []) {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => strings(v, out));
  return out;
}

const firstBlock = (blocks) => (Array.isArray(blocks) ? blocks[0] : blocks);

const moduleCache = new Map();
async function loadModule(dir) {
  if (moduleCache.has(dir)) return moduleCache.get(dir);
  const mod = { dir, variables: new Map(), outputs: new Set(), ok: true };
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    mod.ok = false;
  } else {
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".tf")).sort()) {
      const doc = await parseHcl(path.join(dir, name));
      if (!doc) continue;
      for (const [v, blocks] of Object.entries(doc.variable ?? {})) {
        const block = firstBlock(blocks) ?? {};
        mod.variables.set(v, { required: !Object.hasOwn(block, "default") });
      }
      for (const o of Object.keys(doc.output ?? {})) mod.outputs.add(o);
    }
  }
  moduleCache.set(dir, mod);
  return mod;
}

function resolveSource(unitDir, source) {
  if (typeof source !== "string" || source.includes("${") || /^[a-z0-9+]+::|^git@|^https?:/.test(source)) return null;
  return path.resolve(unitDir, source.replace("//", "/"));
}

// ---- root.hcl ------------------------------------------------------------------

const rootFile = path.join(envsDir, "root.hcl");
let rootInputs = new Set();
if (!fs.existsSync(rootFile)) {
  problem(rootFile, "missing");
} else {
  const root = await parseHcl(rootFile);
  if (root) {
    const rs = firstBlock(root.remote_state);
    if (!rs) problem(rootFile, "no remote_state block");
    else {
      if (rs.backend !== "s3") problem(rootFile, `remote_state backend is ${rs.backend}, expected s3`);
      if (rs.config?.use_lockfile !== true) problem(rootFile, "remote_state config must set use_lockfile = true");
      if (rs.config?.encrypt !== true) problem(rootFile, "remote_state config must set encrypt = true");
      if (!rs.generate) problem(rootFile, "remote_state must generate the backend block");
    }
    if (!root.generate?.provider) problem(rootFile, 'no generate "provider" block');
    rootInputs = new Set(Object.keys(root.inputs ?? {}));
    if (rootInputs.size === 0) problem(rootFile, "no common inputs");
  }
}

// ---- units ---------------------------------------------------------------------

const envs = new Map(); // env -> Map(unitName -> unit)

for (const env of terragruntEnvs) {
  const envDir = path.join(envsDir, env);
  const units = new Map();
  envs.set(env, units);
  if (!fs.existsSync(envDir)) {
    problem(envDir, "environment folder missing");
    continue;
  }
  if (!fs.existsSync(path.join(envDir, "env.hcl"))) problem(envDir, "env.hcl missing");
  else await parseHcl(path.join(envDir, "env.hcl"));
  if (fs.existsSync(path.join(envDir, "terragrunt.hcl"))) {
    problem(envDir, "terragrunt.hcl in the environment folder would be run as a unit; use env.hcl");
  }

  for (const name of fs.readdirSync(envDir).sort()) {
    const unitDir = path.join(envDir, name);
    const file = path.join(unitDir, "terragrunt.hcl");
    if (!fs.statSync(unitDir).isDirectory() || !fs.existsSync(file)) continue;
    const doc = await parseHcl(file);
    if (!doc) continue;

    const unit = { name, dir: unitDir, file, doc, deps: new Map(), module: null, source: null, inputs: doc.inputs ?? {} };
    units.set(name, unit);

    const includes = Object.values(doc.include ?? {}).map(firstBlock);
    if (!includes.some((i) => typeof i?.path === "string" && i.path.includes("root.hcl"))) {
      problem(file, "does not include root.hcl");
    }

    const source = firstBlock(doc.terraform)?.source;
    unit.source = source ?? null;
    const moduleDir = resolveSource(unitDir, source);
    if (!source) problem(file, "terraform { source } missing");
    else if (!moduleDir) problem(file, `cannot resolve terraform source ${source} to a local module`);
    else {
      unit.module = await loadModule(moduleDir);
      if (!unit.module.ok) problem(file, `terraform source ${source} is not a folder (${rel(moduleDir)})`);
    }

    for (const [depName, blocks] of Object.entries(doc.dependency ?? {})) {
      const dep = firstBlock(blocks) ?? {};
      unit.deps.set(depName, dep);
    }
  }
}

// Dependency, input and output checks (needs all units of the environment).
for (const [env, units] of envs) {
  for (const unit of units.values()) {
    const { file, doc } = unit;

    const depTargets = new Map(); // dependency name -> target unit
    for (const [depName, dep] of unit.deps) {
      const cp = dep.config_path;
      if (typeof cp !== "string" || cp.includes("${")) {
        problem(file, `dependency "${depName}": config_path must be a literal relative path`);
        continue;
      }
      const targetDir = path.resolve(unit.dir, cp);
      const target = [...units.values()].find((u) => u.dir === targetDir);
      if (!target) {
        problem(file, `dependency "${depName}": config_path ${cp} is not a unit of ${env}`);
        continue;
      }
      depTargets.set(depName, target);

      if (dep.mock_outputs !== undefined) {
        const cmds = dep.mock_outputs_allowed_terraform_commands;
        if (!Array.isArray(cmds) || cmds.length === 0) {
          problem(file, `dependency "${depName}": mock_outputs without mock_outputs_allowed_terraform_commands`);
        } else {
          const extra = cmds.filter((c) => !allowedMockCommands.has(c));
          if (extra.length) problem(file, `dependency "${depName}": mock outputs allowed for ${extra.join(", ")} (only validate, plan)`);
        }
        if (target.module?.ok) {
          for (const key of Object.keys(dep.mock_outputs ?? {})) {
            if (!target.module.outputs.has(key)) problem(file, `dependency "${depName}": mock output ${key} is not an output of ${rel(target.module.dir)}`);
          }
        }
      }
      if (dep.skip_outputs === true) problem(file, `dependency "${depName}": skip_outputs hides missing outputs`);
    }

    const used = new Set();
    const refRe = /dependency\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_]+)/g;
    for (const s of strings(doc)) {
      for (const m of s.matchAll(refRe)) {
        const [, depName, output] = m;
        used.add(depName);
        const target = depTargets.get(depName);
        if (!unit.deps.has(depName)) {
          problem(file, `reads dependency.${depName}.outputs.${output} but declares no dependency "${depName}"`);
          continue;
        }
        if (!target?.module?.ok) continue;
        if (!target.module.outputs.has(output)) {
          problem(file, `reads dependency.${depName}.outputs.${output}, which ${rel(target.module.dir)}/outputs.tf does not declare`);
        }
        const mocks = unit.deps.get(depName).mock_outputs;
        if (mocks && !Object.hasOwn(mocks, output)) {
          problem(file, `reads dependency.${depName}.outputs.${output} without a mock output (validate/plan would fail before ${depName} is applied)`);
        }
      }
    }
    for (const depName of unit.deps.keys()) {
      if (!used.has(depName)) problem(file, `dependency "${depName}" is declared but never read`);
    }

    if (unit.module?.ok) {
      for (const key of Object.keys(unit.inputs)) {
        if (!unit.module.variables.has(key)) problem(file, `input ${key} is not a variable of ${rel(unit.module.dir)}`);
      }
      for (const [name, v] of unit.module.variables) {
        if (v.required && !Object.hasOwn(unit.inputs, name) && !rootInputs.has(name)) {
          problem(file, `required variable ${name} of ${rel(unit.module.dir)} is not set`);
        }
      }
      for (const key of rootInputs) {
        if (!unit.module.variables.has(key)) problem(file, `common input ${key} from root.hcl is not a variable of ${rel(unit.module.dir)}`);
      }
    }
    unit.depTargets = depTargets;
  }

  // Cycles (depth-first search with colours).
  const colour = new Map();
  const stack = [];
  const visit = (u) => {
    colour.set(u.name, "grey");
    stack.push(u.name);
    for (const t of u.depTargets?.values() ?? []) {
      if (colour.get(t.name) === "grey") {
        const cycle = stack.slice(stack.indexOf(t.name)).concat(t.name).join(" -> ");
        problem(path.join(envsDir, env), `dependency cycle: ${cycle}`);
      } else if (!colour.has(t.name)) visit(t);
    }
    stack.pop();
    colour.set(u.name, "black");
  };
  for (const u of units.values()) if (!colour.has(u.name)) visit(u);

  // Output contract: every name provided by exactly one unit (the pipeline merges all units' outputs).
  const providers = new Map();
  for (const u of units.values()) {
    for (const o of u.module?.outputs ?? []) providers.set(o, [...(providers.get(o) ?? []), u.name]);
  }
  for (const [o, us] of providers) {
    if (us.length > 1) problem(path.join(envsDir, env), `output ${o} is declared by several units (${us.join(", ")}); merged outputs would collide`);
  }
  for (const o of contractOutputs) {
    if (!providers.has(o)) problem(path.join(envsDir, env), `contract output ${o} is not provided by any unit`);
  }
}

// Staging and production differ only in inputs.
const [a, b] = terragruntEnvs;
const unitsA = envs.get(a) ?? new Map();
const unitsB = envs.get(b) ?? new Map();
for (const name of new Set([...unitsA.keys(), ...unitsB.keys()])) {
  const ua = unitsA.get(name);
  const ub = unitsB.get(name);
  if (!ua || !ub) {
    problem(path.join(envsDir, ua ? b : a), `unit ${name} exists in ${ua ? a : b} only`);
    continue;
  }
  if (ua.source !== ub.source) problem(ub.file, `terraform source differs from ${a} (${ua.source} vs ${ub.source})`);
  const deps = (u) => JSON.stringify([...u.deps].map(([n, d]) => [n, d.config_path]).sort());
  if (deps(ua) !== deps(ub)) problem(ub.file, `dependencies differ from ${a}`);
  const keys = (u) => JSON.stringify(Object.keys(u.inputs).sort());
  if (keys(ua) !== keys(ub)) problem(ub.file, `input names differ from ${a}`);
}

// The local root provides the same contract.
const localOutputsFile = path.join(envsDir, "local", "outputs.tf");
if (fs.existsSync(localOutputsFile)) {
  const doc = await parseHcl(localOutputsFile);
  const declared = new Set(Object.keys(doc?.output ?? {}));
  for (const o of contractOutputs) if (!declared.has(o)) problem(localOutputsFile, `contract output ${o} is missing`);
} else {
  problem(localOutputsFile, "missing");
}

if (problems.length) {
  for (const p of problems) console.log(p);
  console.log(`FAILED: ${problems.length} problem(s)`);
  process.exit(1);
}

const unitCount = [...envs.values()].reduce((n, u) => n + u.size, 0);
const depCount = [...envs.values()].reduce((n, us) => n + [...us.values()].reduce((m, u) => m + u.deps.size, 0), 0);
console.log(
  `OK: ${unitCount} units in ${envs.size} environments (${[...envs].map(([e, u]) => `${e}: ${u.size}`).join(", ")}), ` +
    `${depCount} dependencies, no cycles, ${contractOutputs.length} contract outputs resolved`,
);
