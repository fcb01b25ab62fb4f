#!/usr/bin/env node
// Offline checker for the Terragrunt live configuration (no terragrunt binary needed).
//
// The tree (Gruntwork's _envcommon pattern):
//   envs/root.hcl                   remote state, providers, Terraform settings, common inputs
//   envs/common.hcl                 values both environments share; builds the settings
//   envs/<env>/env.hcl              only what differs in that environment
//   envs/_envcommon/<unit>.hcl      module source, dependencies + mocks, inputs wiring
//   envs/<env>/<unit>/terragrunt.hcl  include "root" + include "envcommon" (+ per-env overrides)
//
// Parses those files (and the modules' *.tf) with @cdktf/hcl2json, merges every
// unit with its includes the way Terragrunt's shallow merge does (root < envcommon
// < unit: inputs by key, dependency blocks by name, terraform attributes one by
// one), then checks:
//   - root.hcl: S3 remote state with use_lockfile and encrypt, a generated
//     provider, copy_terraform_lock_file = false, common inputs that every
//     module declares, no include / dependency / terraform source;
//   - structure: every unit includes "root" (envs/root.hcl) and "envcommon"
//     (envs/_envcommon/<its folder name>.hcl, expose = true, shallow merge);
//     the wiring lives only in _envcommon (a unit file sets no terraform
//     source, no dependency, no remote_state/generate, and overrides only
//     inputs its envcommon already sets); every _envcommon file is included by
//     its unit in every environment and includes nothing itself (Terragrunt
//     allows one level of include);
//   - each unit (merged): terraform.source points at a module folder; every
//     dependency config_path is an existing unit of the same environment;
//     every dependency.X.outputs.Y read is an output of X's module and has a
//     mock output; mock outputs are allowed for exactly validate, plan and
//     destroy (never apply) and name real outputs; every input is a variable
//     of the module; every required variable is set; no unused dependency;
//   - services: envs/services.json holds the services of every environment
//     (an object "services"); common.hcl reads it
//     (file("${get_terragrunt_dir()}/services.json")) instead of a shared
//     services value, and envs/local/main.tf reads it
//     (file("${path.module}/../services.json")) and sets no health_check_path
//     of its own, so the local deploy rehearses the same health checks;
//   - settings: common.hcl's shared values and each env.hcl are literal data;
//     env.hcl's `environment` is its folder name; env.hcl repeats no shared
//     value; a value equal in every env.hcl belongs in common.hcl; every
//     settings.X read exists in every environment; no setting goes unread
//     (the settings deploy.yml repeats count as read: the check below reads them);
//   - deploy.yml agrees: project, region, and per environment accountId,
//     branch, runner terragrunt and iacDir; its services are the settings'
//     services with the same port and healthPath == health_check_path; its
//     images are the ecr unit's repositories;
//   - the dependency graph of each environment has no cycle; both environments
//     have the same units; ci-access depends on no unit (an account admin
//     applies it first; its ARNs come from the naming conventions);
//   - the pipeline's output contract (OUTPUTS.md) is provided exactly once per
//     environment and by envs/local.
// Prints one line per problem and exits 1, or prints an OK summary.
//
// Usage: node check-terragrunt.mjs [path/to/infra/terraform [path/to/deploy.yml]]

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@cdktf/hcl2json";
import YAML from "yaml";

export const terragruntEnvs = ["staging", "production"];
// validate/plan: a fresh environment's dependencies have no outputs yet; destroy: a half-built
// environment must still be destroyable. Never apply (it would create resources from mocks).
export const mockCommands = ["validate", "plan", "destroy"];

// Units applied first, by an account admin, before any other unit exists: no dependency blocks.
export const independentUnits = ["ci-access"];

// Settings whose home is env.hcl/common.hcl and which deploy.yml repeats: the deploy.yml check reads them,
// also when no unit does (github_branch: the ci-access roles trust the GitHub environment, not the branch).
export const deployYmlSettings = ["project", "aws_region", "aws_account_id", "github_branch"];

// The output contract the deploy pipeline reads (see OUTPUTS.md).
export const contractOutputs = [
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
  "smoke_test_header_name",
  "smoke_test_token_parameter_name",
];

// Every string inside a parsed HCL document (expressions appear as "${...}").
function strings(value, out = []) {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => strings(v, out));
  return out;
}

const firstBlock = (blocks) => (Array.isArray(blocks) ? blocks[0] : blocks);
const localsOf = (doc) => Object.assign({}, ...(doc?.locals ?? []));
const isExpression = (value) => strings(value).some((s) => s.includes("${"));
const same = (a, b) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

function resolveSource(unitDir, source) {
  if (typeof source !== "string" || source.includes("${") || /^[a-z0-9+]+::|^git@|^https?:/.test(source)) return null;
  return path.resolve(unitDir, source.replace("//", "/"));
}

// find_in_parent_folders(name) as Terragrunt evaluates it: the nearest parent folder of the unit holding name.
function findInParentFolders(fromDir, name) {
  for (let dir = path.dirname(fromDir); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
    if (dir === path.dirname(dir)) return null;
  }
}

// The include path forms used here: find_in_parent_folders("x"), ${dirname(find_in_parent_folders("x"))}/rest,
// or a literal path (relative to the unit's folder).
function resolveIncludePath(unitDir, expr) {
  if (typeof expr !== "string") return null;
  let m = expr.match(/^\$\{find_in_parent_folders\("([^"]+)"\)\}$/);
  if (m) return findInParentFolders(unitDir, m[1]);
  m = expr.match(/^\$\{dirname\(find_in_parent_folders\("([^"]+)"\)\)\}\/(.+)$/);
  if (m) {
    const found = findInParentFolders(unitDir, m[1]);
    return found && !m[2].includes("${") ? path.resolve(path.dirname(found), m[2]) : null;
  }
  if (expr.includes("${")) return null;
  return path.resolve(unitDir, expr);
}

// Checks the tree under tfRoot (infra/terraform) against deployFile; returns the problems, one line each.
export async function checkTree(tfRoot, deployFile = path.join(tfRoot, "..", "..", "deploy.yml")) {
  const envsDir = path.join(tfRoot, "envs");
  const envcommonDir = path.join(envsDir, "_envcommon");

  const problems = new Set(); // the same envcommon problem is found once per environment
  const rel = (p) => path.relative(tfRoot, p) || ".";
  const problem = (file, message) => problems.add(`${rel(file)}: ${message}`);

  async function parseHcl(file) {
    try {
      return await parse(file, fs.readFileSync(file, "utf8"));
    } catch (err) {
      problem(file, `cannot parse: ${String(err.message ?? err).split("\n")[0]}`);
      return null;
    }
  }

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
          mod.variables.set(v, { required: !Object.hasOwn(block, "default"), type: block.type });
        }
        for (const o of Object.keys(doc.output ?? {})) mod.outputs.add(o);
      }
    }
    moduleCache.set(dir, mod);
    return mod;
  }

  // ---- root.hcl ------------------------------------------------------------------

  const rootFile = path.join(envsDir, "root.hcl");
  let rootDoc = null;
  let rootInputs = {};
  const settingsReaders = []; // [file, doc] of the files that read settings.X (root, common, _envcommon)
  if (!fs.existsSync(rootFile)) {
    problem(rootFile, "missing");
  } else {
    rootDoc = await parseHcl(rootFile);
    if (rootDoc) {
      const rs = firstBlock(rootDoc.remote_state);
      if (!rs) problem(rootFile, "no remote_state block");
      else {
        if (rs.backend !== "s3") problem(rootFile, `remote_state backend is ${rs.backend}, expected s3`);
        if (rs.config?.use_lockfile !== true) problem(rootFile, "remote_state config must set use_lockfile = true");
        if (rs.config?.encrypt !== true) problem(rootFile, "remote_state config must set encrypt = true");
        if (!rs.generate) problem(rootFile, "remote_state must generate the backend block");
      }
      if (!rootDoc.generate?.provider) problem(rootFile, 'no generate "provider" block');
      const tf = firstBlock(rootDoc.terraform);
      if (tf?.copy_terraform_lock_file !== false) {
        problem(rootFile, "terraform { copy_terraform_lock_file = false } missing: Terragrunt would copy .terraform.lock.hcl next to every unit after init and back into the cache on every run (one machine's provider versions, pinned unseen)");
      }
      if (tf?.source !== undefined) problem(rootFile, "sets terraform.source; the module of a unit belongs in _envcommon/<unit>.hcl");
      if (rootDoc.include) problem(rootFile, "has an include block; Terragrunt allows only one level of include");
      if (rootDoc.dependency) problem(rootFile, "has dependency blocks; dependencies belong in _envcommon/<unit>.hcl");
      rootInputs = rootDoc.inputs ?? {};
      settingsReaders.push([rootFile, rootDoc]);
      if (Object.keys(rootInputs).length === 0) problem(rootFile, "no common inputs");
    }
  }

  // ---- settings: common.hcl + env.hcl ---------------------------------------------

  const commonFile = path.join(envsDir, "common.hcl");
  let shared = {};
  const derivedKeys = new Set();
  if (!fs.existsSync(commonFile)) {
    problem(commonFile, "missing (the values both environments share)");
  } else {
    const doc = await parseHcl(commonFile);
    const locals = localsOf(doc);
    if (doc && (!locals.shared || typeof locals.shared !== "object" || Array.isArray(locals.shared))) {
      problem(commonFile, "locals.shared (an object of the shared values) missing");
    } else if (doc) {
      shared = locals.shared;
      for (const [k, v] of Object.entries(shared)) {
        if (isExpression(v)) problem(commonFile, `shared value ${k} is an expression; shared values are literal data`);
      }
    }
    if (doc && typeof locals.settings !== "string") problem(commonFile, "locals.settings missing");
    // Names the settings expression adds (state_bucket = ..., assets_bucket_name = ...).
    for (const m of String(locals.settings ?? "").matchAll(/^\s*([a-z_][a-z0-9_]*)\s*=(?![=>])/gm)) derivedKeys.add(m[1]);
    // The settings expression reads the merged values of an environment as s.X.
  if (doc) settingsReaders.push([commonFile, String(locals.settings ?? "")]);
  }

  // ---- services.json: the services of every environment (common.hcl and envs/local read it) ----

  const servicesFile = path.join(envsDir, "services.json");
  let sharedServices = null;
  if (!fs.existsSync(servicesFile)) {
    problem(servicesFile, "missing (the services of every environment; common.hcl and envs/local/main.tf read it)");
  } else {
    try {
      const parsed = JSON.parse(fs.readFileSync(servicesFile, "utf8"));
      if (!parsed?.services || typeof parsed.services !== "object" || Array.isArray(parsed.services)) {
        problem(servicesFile, 'has no "services" object (service name -> container_port, health_check_path, path_patterns)');
      } else {
        sharedServices = parsed.services;
      }
    } catch (err) {
      problem(servicesFile, `cannot parse: ${String(err.message ?? err).split("\n")[0]}`);
    }
  }
  if (fs.existsSync(commonFile)) {
    const text = fs.readFileSync(commonFile, "utf8");
    if (!text.includes('file("${get_terragrunt_dir()}/services.json")')) {
      problem(commonFile, 'does not read services.json (jsondecode(file("${get_terragrunt_dir()}/services.json")).services): the environments and envs/local would run different services');
    }
    if (Object.hasOwn(shared, "services")) problem(commonFile, "shared value services: the services belong in services.json (envs/local reads it too)");
  }
  const localMainFile = path.join(envsDir, "local", "main.tf");
  if (fs.existsSync(localMainFile)) {
    const text = fs.readFileSync(localMainFile, "utf8");
    if (!text.includes('file("${path.module}/../services.json")')) {
      problem(localMainFile, 'does not read ../services.json (jsondecode(file("${path.module}/../services.json")).services): the local deploy would not rehearse the environments\' health checks');
    }
    if (/^\s*health_check_path\s*=/m.test(text)) {
      problem(localMainFile, "sets a health_check_path of its own; the services' health check paths belong in services.json");
    }
  }
  // The services every environment starts from (an env.hcl may still override them).
  const sharedWithServices = sharedServices ? { ...shared, services: sharedServices } : shared;

  // common.hcl makes every envs/<folder>/env.hcl an environment.
  for (const name of fs.existsSync(envsDir) ? fs.readdirSync(envsDir).sort() : []) {
    if (fs.existsSync(path.join(envsDir, name, "env.hcl")) && !terragruntEnvs.includes(name)) {
      problem(path.join(envsDir, name, "env.hcl"), `makes ${name} an environment (common.hcl reads every */env.hcl); the checker knows ${terragruntEnvs.join(", ")}`);
    }
  }

  const envSettings = new Map(); // env -> { file, locals, merged }
  for (const env of terragruntEnvs) {
    const file = path.join(envsDir, env, "env.hcl");
    if (!fs.existsSync(file)) continue; // reported with the environment folder below
    const doc = await parseHcl(file);
    if (!doc) continue;
    const locals = localsOf(doc);
    envSettings.set(env, { file, locals, merged: { ...sharedWithServices, ...locals } });
    if (locals.environment !== env) problem(file, `environment is ${JSON.stringify(locals.environment)}, expected "${env}" (its folder)`);
    for (const [k, v] of Object.entries(locals)) {
      if (isExpression(v)) problem(file, `${k} is an expression; env.hcl holds literal data (derive names in common.hcl)`);
      if (Object.hasOwn(shared, k) && same(shared[k], v)) problem(file, `${k} repeats common.hcl's value; delete it here`);
      if (derivedKeys.has(k)) problem(file, `${k} is derived in common.hcl; env.hcl cannot set it`);
    }
  }
  if (envSettings.size === terragruntEnvs.length) {
    const all = [...envSettings.values()];
    const keys = new Set(all.flatMap((e) => Object.keys(e.locals)));
    for (const k of keys) {
      const having = all.filter((e) => Object.hasOwn(e.locals, k));
      if (having.length < all.length) {
        if (!Object.hasOwn(shared, k)) {
          for (const e of all.filter((x) => !having.includes(x))) problem(e.file, `${k} is missing (set in ${having.map((h) => rel(h.file)).join(", ")}, no default in common.hcl)`);
        }
      } else if (k !== "environment" && all.every((e) => same(e.locals[k], all[0].locals[k]))) {
        problem(all[0].file, `${k} has the same value in every env.hcl; move it to common.hcl`);
      }
    }
  }

  // ---- units ---------------------------------------------------------------------

  const envcommonDocs = new Map(); // file -> doc
  async function loadEnvcommon(file) {
    if (envcommonDocs.has(file)) return envcommonDocs.get(file);
    const doc = fs.existsSync(file) ? await parseHcl(file) : null;
    envcommonDocs.set(file, doc);
    if (doc) {
      if (doc.include) problem(file, "has an include block; Terragrunt allows only one level of include (root.hcl is included by the unit)");
      if (doc.remote_state || doc.generate) problem(file, "sets remote_state/generate; those belong in root.hcl");
      settingsReaders.push([file, doc]);
    }
    return doc;
  }

  const envs = new Map(); // env -> Map(unitName -> unit)
  const includedEnvcommon = new Map(); // envcommon file -> Set(env)

  for (const env of terragruntEnvs) {
    const envDir = path.join(envsDir, env);
    const units = new Map();
    envs.set(env, units);
    if (!fs.existsSync(envDir)) {
      problem(envDir, "environment folder missing");
      continue;
    }
    if (!fs.existsSync(path.join(envDir, "env.hcl"))) problem(envDir, "env.hcl missing");
    if (fs.existsSync(path.join(envDir, "terragrunt.hcl"))) {
      problem(envDir, "terragrunt.hcl in the environment folder would be run as a unit; use env.hcl");
    }

    for (const name of fs.readdirSync(envDir).sort()) {
      const unitDir = path.join(envDir, name);
      const file = path.join(unitDir, "terragrunt.hcl");
      if (!fs.statSync(unitDir).isDirectory() || !fs.existsSync(file)) continue;
      const doc = await parseHcl(file);
      if (!doc) continue;

      const unit = { name, env, dir: unitDir, file, doc, deps: new Map(), module: null, source: null, inputs: new Map(), sources: [[file, doc]] };
      units.set(name, unit);

      // Includes: "root" and "envcommon", nothing else.
      const includes = Object.fromEntries(Object.entries(doc.include ?? {}).map(([label, blocks]) => [label, firstBlock(blocks) ?? {}]));
      const expectedEnvcommon = path.join(envcommonDir, `${name}.hcl`);
      for (const [label, inc] of Object.entries(includes)) {
        if (label !== "root" && label !== "envcommon") problem(file, `include "${label}": a unit includes only "root" and "envcommon"`);
        if (inc.merge_strategy !== undefined && inc.merge_strategy !== "shallow") {
          problem(file, `include "${label}": merge_strategy ${inc.merge_strategy}; the tree relies on the default shallow merge`);
        }
      }
      if (!includes.root) problem(file, 'no include "root" (envs/root.hcl)');
      else if (resolveIncludePath(unitDir, includes.root.path) !== rootFile) {
        problem(file, `include "root": path ${includes.root.path} is not envs/root.hcl (use find_in_parent_folders("root.hcl"))`);
      }
      let envcommon = null;
      if (!includes.envcommon) problem(file, `no include "envcommon" (envs/_envcommon/${name}.hcl)`);
      else {
        const resolved = resolveIncludePath(unitDir, includes.envcommon.path);
        if (resolved !== expectedEnvcommon) {
          problem(file, `include "envcommon": path ${includes.envcommon.path} is not envs/_envcommon/${name}.hcl`);
        } else if (!fs.existsSync(resolved)) {
          problem(file, `include "envcommon": envs/_envcommon/${name}.hcl does not exist`);
        } else {
          envcommon = await loadEnvcommon(resolved);
          if (!includedEnvcommon.has(resolved)) includedEnvcommon.set(resolved, new Set());
          includedEnvcommon.get(resolved).add(env);
        }
        if (includes.envcommon.expose !== true) problem(file, 'include "envcommon" needs expose = true');
      }

      // The wiring belongs in _envcommon: the unit file carries only overrides.
      const ownTf = firstBlock(doc.terraform);
      if (ownTf?.source !== undefined) problem(file, `sets terraform.source; the module belongs in _envcommon/${name}.hcl (both environments run the same module)`);
      for (const depName of Object.keys(doc.dependency ?? {})) problem(file, `declares dependency "${depName}"; dependencies belong in _envcommon/${name}.hcl`);
      if (doc.remote_state || doc.generate) problem(file, "sets remote_state/generate; those belong in root.hcl");
      for (const key of Object.keys(doc.inputs ?? {})) {
        if (envcommon && !Object.hasOwn(envcommon.inputs ?? {}, key)) {
          problem(file, `input ${key} is not wired in _envcommon/${name}.hcl; a unit file may only override inputs (add the wiring there, the value to env.hcl)`);
        }
      }

      // Merge like Terragrunt's shallow merge: root < envcommon < unit.
      const layers = [[rootFile, rootDoc], [expectedEnvcommon, envcommon], [file, doc]].filter(([, d]) => d);
      for (const [layerFile, layerDoc] of layers) {
        const source = firstBlock(layerDoc.terraform)?.source;
        if (source !== undefined) unit.source = { value: source, file: layerFile };
        for (const [depName, blocks] of Object.entries(layerDoc.dependency ?? {})) unit.deps.set(depName, { ...(firstBlock(blocks) ?? {}), file: layerFile });
        for (const key of Object.keys(layerDoc.inputs ?? {})) unit.inputs.set(key, layerFile);
      }
      if (envcommon) unit.sources.unshift([expectedEnvcommon, envcommon]);

      const sourceFile = unit.source?.file ?? expectedEnvcommon;
      const source = unit.source?.value;
      const moduleDir = resolveSource(unitDir, source);
      if (!source) problem(sourceFile, "terraform { source } missing");
      else if (!moduleDir) problem(sourceFile, `cannot resolve terraform source ${source} to a local module`);
      else {
        unit.module = await loadModule(moduleDir);
        if (!unit.module.ok) problem(sourceFile, `terraform source ${source} is not a folder (${rel(moduleDir)})`);
      }

      for (const key of Object.keys(envcommon?.inputs ?? {})) {
        if (Object.hasOwn(rootInputs, key)) problem(expectedEnvcommon, `input ${key} is a common input of root.hcl; do not set it again`);
      }
    }
  }

  // _envcommon files nobody includes, or only some environments include.
  if (fs.existsSync(envcommonDir)) {
    for (const name of fs.readdirSync(envcommonDir).filter((n) => n.endsWith(".hcl")).sort()) {
      const file = path.join(envcommonDir, name);
      const envsIncluding = includedEnvcommon.get(file) ?? new Set();
      for (const env of terragruntEnvs) {
        if (!envsIncluding.has(env)) problem(file, `not included by ${env}/${name.replace(/\.hcl$/, "")}/terragrunt.hcl`);
      }
    }
  } else {
    problem(envcommonDir, "missing (the shared wiring of every unit)");
  }

  // Dependency, input and output checks (needs all units of the environment).
  for (const [env, units] of envs) {
    for (const unit of units.values()) {
      const depTargets = new Map(); // dependency name -> target unit
      for (const [depName, dep] of unit.deps) {
        const cp = dep.config_path;
        if (typeof cp !== "string" || cp.includes("${")) {
          problem(dep.file, `dependency "${depName}": config_path must be a literal relative path`);
          continue;
        }
        // Relative to the including unit's folder, also when the block is in _envcommon.
        const targetDir = path.resolve(unit.dir, cp);
        const target = [...units.values()].find((u) => u.dir === targetDir);
        if (!target) {
          problem(dep.file, `dependency "${depName}": config_path ${cp} is not a unit of ${env}`);
          continue;
        }
        depTargets.set(depName, target);

        if (dep.mock_outputs !== undefined) {
          const cmds = dep.mock_outputs_allowed_terraform_commands;
          if (!Array.isArray(cmds) || cmds.length === 0) {
            problem(dep.file, `dependency "${depName}": mock_outputs without mock_outputs_allowed_terraform_commands`);
          } else if (!same([...cmds].sort(), [...mockCommands].sort())) {
            problem(dep.file, `dependency "${depName}": mock outputs allowed for ${cmds.join(", ")}; expected exactly ${mockCommands.join(", ")} (never apply; destroy of a half-built environment needs them)`);
          }
          if (target.module?.ok) {
            for (const key of Object.keys(dep.mock_outputs ?? {})) {
              if (!target.module.outputs.has(key)) problem(dep.file, `dependency "${depName}": mock output ${key} is not an output of ${rel(target.module.dir)}`);
            }
          }
        }
        if (dep.skip_outputs === true) problem(dep.file, `dependency "${depName}": skip_outputs hides missing outputs`);
      }

      if (independentUnits.includes(unit.name)) {
        for (const [depName, dep] of unit.deps) {
          problem(dep.file, `dependency "${depName}": the ${unit.name} unit depends on no other unit (an account admin applies it first, before any other unit exists; build ARNs from the naming conventions)`);
        }
      }

      const used = new Set();
      const refRe = /dependency\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_]+)/g;
      for (const [file, doc] of unit.sources) {
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
      }
      for (const [depName, dep] of unit.deps) {
        if (!used.has(depName)) problem(dep.file, `dependency "${depName}" is declared but never read`);
      }

      if (unit.module?.ok) {
        const wiring = path.join(envcommonDir, `${unit.name}.hcl`);
        for (const [key, file] of unit.inputs) {
          if (!unit.module.variables.has(key)) {
            problem(file, file === rootFile ? `common input ${key} is not a variable of ${rel(unit.module.dir)}` : `input ${key} is not a variable of ${rel(unit.module.dir)}`);
          }
        }
        for (const [name, v] of unit.module.variables) {
          if (v.required && !unit.inputs.has(name)) problem(wiring, `required variable ${name} of ${rel(unit.module.dir)} is not set`);
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

  // Both environments have the same units (the wiring itself is shared through _envcommon).
  const [a, b] = terragruntEnvs;
  const unitsA = envs.get(a) ?? new Map();
  const unitsB = envs.get(b) ?? new Map();
  for (const name of new Set([...unitsA.keys(), ...unitsB.keys()])) {
    if (!unitsA.has(name) || !unitsB.has(name)) {
      problem(path.join(envsDir, unitsA.has(name) ? b : a), `unit ${name} exists in ${unitsA.has(name) ? a : b} only`);
    }
  }

  // ---- settings reads ----------------------------------------------------------------

  // local.settings.X in root.hcl and _envcommon, s.X in common.hcl's settings expression.
  const reads = new Map(); // key -> Set(file)
  for (const [file, doc] of settingsReaders) {
    const re = file === commonFile ? /\bs\.([A-Za-z0-9_]+)/g : /\blocal\.settings\.([A-Za-z0-9_]+)/g;
    for (const s of strings(doc)) {
      for (const m of s.matchAll(re)) {
        if (!reads.has(m[1])) reads.set(m[1], new Set());
        reads.get(m[1]).add(file);
      }
    }
  }
  for (const [env, { merged }] of envSettings) {
    for (const [key, files] of reads) {
      if (!Object.hasOwn(merged, key) && !derivedKeys.has(key)) {
        for (const file of files) problem(file, `reads settings ${key}, which ${env} does not define (neither common.hcl nor ${env}/env.hcl)`);
      }
    }
  }
  if (envcommonDocs.size > 0) {
    const read = (key) => reads.has(key) || deployYmlSettings.includes(key);
    for (const key of Object.keys(shared)) if (!read(key)) problem(commonFile, `shared value ${key} is never read`);
    for (const { file, locals } of envSettings.values()) {
      for (const key of Object.keys(locals)) if (!read(key) && !Object.hasOwn(shared, key)) problem(file, `${key} is never read`);
    }
  }

  // ---- deploy.yml agrees with the settings -----------------------------------------

  let deploy = null;
  if (!fs.existsSync(deployFile)) {
    problem(deployFile, "missing (the pipeline's deploy configuration)");
  } else {
    try {
      deploy = YAML.parse(fs.readFileSync(deployFile, "utf8"));
    } catch (err) {
      problem(deployFile, `cannot parse: ${String(err.message ?? err).split("\n")[0]}`);
    }
  }
  const deployName = path.relative(path.dirname(deployFile), deployFile);
  const repoRoot = path.resolve(tfRoot, "..", "..");
  if (deploy) {
    const services = Array.isArray(deploy.services) ? deploy.services : [];
    const images = Array.isArray(deploy.images) ? deploy.images.map((i) => i?.name) : [];
    const computeModule = [...moduleCache.values()].find((m) => path.basename(m.dir) === "compute");
    const defaultHealthPath = String(computeModule?.variables.get("services")?.type ?? "").match(/health_check_path\s*=\s*optional\(\s*string\s*,\s*"([^"]*)"\s*\)/)?.[1];

    for (const [env, { file, merged }] of envSettings) {
      const where = `${env} (${rel(file)} over common.hcl)`;
      // The services come from services.json unless this env.hcl overrides them.
      const servicesFrom = Object.hasOwn(envSettings.get(env).locals, "services") ? file : servicesFile;
      const servicesWhere = `${env} (${rel(servicesFrom)})`;
      const mismatch = (what, theirs, ours) => problem(file, `${deployName} ${what} is ${JSON.stringify(theirs)}, ${where} has ${JSON.stringify(ours)}`);
      if (deploy.project !== merged.project) mismatch("project", deploy.project, merged.project);
      if (deploy.region !== merged.aws_region) mismatch("region", deploy.region, merged.aws_region);
      const de = deploy.environments?.[env];
      if (!de) {
        problem(file, `${deployName} has no environments.${env}`);
      } else {
        if (String(de.accountId) !== String(merged.aws_account_id)) mismatch(`environments.${env}.accountId`, de.accountId, merged.aws_account_id);
        if (de.branch !== merged.github_branch) mismatch(`environments.${env}.branch`, de.branch, merged.github_branch);
        if (de.runner !== "terragrunt") problem(file, `${deployName} environments.${env}.runner is ${JSON.stringify(de.runner)}, expected "terragrunt"`);
        if (path.resolve(repoRoot, String(de.iacDir ?? "")) !== path.join(envsDir, env)) {
          problem(file, `${deployName} environments.${env}.iacDir is ${JSON.stringify(de.iacDir)}, expected "${path.relative(repoRoot, path.join(envsDir, env))}"`);
        }
      }

      const tfServices = merged.services && typeof merged.services === "object" ? merged.services : {};
      for (const s of services) {
        const ours = tfServices[s?.name];
        if (!ours) {
          problem(servicesFrom, `${deployName} service ${s?.name} is not in ${env}'s services`);
          continue;
        }
        if (s.port !== ours.container_port) problem(servicesFrom, `${deployName} service ${s.name} port is ${JSON.stringify(s.port)}, ${servicesWhere} has ${JSON.stringify(ours.container_port)}`);
        const healthCheckPath = ours.health_check_path ?? defaultHealthPath;
        if (healthCheckPath === undefined) problem(servicesFrom, `service ${s.name}: set health_check_path (compute's default is unknown to the checker)`);
        else if (s.healthPath !== healthCheckPath) {
          problem(servicesFrom, `${deployName} service ${s.name} healthPath is ${JSON.stringify(s.healthPath)}, but ${servicesWhere} health-checks ${JSON.stringify(healthCheckPath)} (the ALB would replace healthy tasks)`);
        }
      }
      for (const name of Object.keys(tfServices)) {
        if (!services.some((s) => s?.name === name)) problem(servicesFrom, `service ${name} is not a service of ${deployName}`);
      }
    }

    // The ecr unit's repositories are deploy.yml's images (EnsureEcr, PushImages).
    const ecrFile = path.join(envcommonDir, "ecr.hcl");
    const repositories = envcommonDocs.get(ecrFile)?.inputs?.repositories;
    if (Array.isArray(repositories) && !same([...repositories].sort(), [...images].sort())) {
      problem(ecrFile, `repositories ${JSON.stringify(repositories)} are not ${deployName}'s images ${JSON.stringify(images)}`);
    }
  }

  // ---- envs/local ------------------------------------------------------------------

  // The local root provides the same contract.
  const localOutputsFile = path.join(envsDir, "local", "outputs.tf");
  if (fs.existsSync(localOutputsFile)) {
    const doc = await parseHcl(localOutputsFile);
    const declared = new Set(Object.keys(doc?.output ?? {}));
    for (const o of contractOutputs) if (!declared.has(o)) problem(localOutputsFile, `contract output ${o} is missing`);
  } else {
    problem(localOutputsFile, "missing");
  }

  const unitCount = [...envs.values()].reduce((n, u) => n + u.size, 0);
  const depCount = [...envs.values()].reduce((n, us) => n + [...us.values()].reduce((m, u) => m + u.deps.size, 0), 0);
  const summary =
    `${unitCount} units in ${envs.size} environments (${[...envs].map(([e, u]) => `${e}: ${u.size}`).join(", ")}), ` +
    `each root + ${envcommonDocs.size} _envcommon files, ${depCount} dependencies, no cycles, ` +
    `${contractOutputs.length} contract outputs resolved, settings agree with ${deployName}`;
  return { problems: [...problems], summary };
}

// Command line: node check-terragrunt.mjs [infra/terraform [deploy.yml]]
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const tfRoot = path.resolve(process.argv[2] ?? path.join(here, ".."));
  const deployFile = process.argv[3] ? path.resolve(process.argv[3]) : undefined;
  const { problems, summary } = await checkTree(tfRoot, deployFile);
  if (problems.length) {
    for (const p of problems) console.log(p);
    console.log(`FAILED: ${problems.length} problem(s)`);
    process.exit(1);
  }
  console.log(`OK: ${summary}`);
}
