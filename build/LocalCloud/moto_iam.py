"""moto_server with IAM enforced from the first request, as AWS does.

The local cloud runs this instead of `moto_server` (same arguments). moto already
checks identity-based policies once INITIAL_NO_AUTH_ACTION_COUNT requests have
passed; this launcher turns that on from request one and fills the gaps between
moto 5.x and AWS that a deploy pipeline meets:

* Bootstrap identities. Before serving, each account in MOTO_IAM_ACCOUNTS gets
  an IAM user `local-cloud-admin` with an administrator inline policy (what the
  account owner is in AWS); its keys go to MOTO_IAM_BOOTSTRAP_FILE (mode 0600).
  Everything else (roles, the OIDC provider) is created by Terraform as that user.
* AssumeRoleWithWebIdentity is unsigned in AWS (the token is the credential);
  moto would fail on it. Here it is public, and the role's trust policy is
  checked against the token's claims: the Federated principal must be an OIDC
  provider of the role's account whose URL is the token's issuer, and every
  StringEquals / StringLike condition on `<issuer host>:<claim>` must match.
  The token's signature is not verified (there is no GitHub here).
* Resources moto does not know. For most services moto authorizes against
  resource "*"; AWS would use the real ARN. An Allow statement scoped to an ARN
  therefore counts as matching (the action is what is checked), a Deny scoped to
  an ARN does not. Resource scoping is asserted by the Terraform tests instead.
  S3 and IAM pass real ARNs and are checked fully.
* IAM action names: the signing name is mapped to the IAM prefix where they
  differ (CloudWatch signs as `monitoring`), and dated operation names
  (CloudFront's `CreateInvalidation2020_05_31`) lose their date, and S3
  operations moto names after the API (HeadBucket) take the IAM action AWS
  checks for them (s3:ListBucket).
* Signatures of body-less requests: moto hands some rest services (CloudFront)
  the headers as the request data, so it computed a wrong payload hash and
  refused every signed GET.
* Signatures of requests with a query string or an S3 key that needs escaping:
  moto rebuilds the URL decoded (CloudFront's ListTagsForResource?Resource=
  arn:aws:..., `a b.txt`), which SigV4 signs encoded; it is encoded again before
  the signature is checked.
* S3 refusals name the action, as AWS's IAM does ("... is not authorized to
  perform: s3:PutObject"), instead of a bare "Access Denied".
* CloudFront's origin access control. The local edge (the CloudFront stand-in)
  reads objects unsigned, naming its distribution in the header
  x-local-cloud-cloudfront-source-arn, where CloudFront would sign as the
  service principal cloudfront.amazonaws.com. Such a GET or HEAD is allowed only
  when the bucket policy has an Allow statement for that service principal whose
  action, resource and AWS:SourceArn condition match, and no Deny does, as S3
  decides for CloudFront. Any other unsigned request is refused (AccessDenied).
  A HEAD of an object is authorized as s3:GetObject, as in AWS (moto asks for
  s3:HeadObject, which no policy names).
* ELBv2 targets are an Id and a port, as in AWS. moto keys a target group's
  targets by Id alone, so registering 127.0.0.1:32001 replaced 127.0.0.1:32000
  (the local data plane's targets all share the loopback address): a rollout
  switched traffic before the old task drained. Here a target is Id and port; a
  deregistered target is listed as `draining` for the group's
  deregistration_delay.timeout_seconds, then no longer, as AWS does.
"""

import base64
import json
import os
import re
import sys
import time
from urllib.parse import quote, unquote
from xml.sax.saxutils import escape

from moto import settings
from moto.core import authorization
from moto.core.exceptions import JsonRESTError, _RESTError
from moto.core.utils import get_service_model
from moto.iam import access_control
from moto.iam.models import iam_backends
from moto.s3.exceptions import S3ClientError

ADMIN_USER = "local-cloud-admin"
ADMIN_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "AccountOwner", "Effect": "Allow", "Action": "*", "Resource": "*"}],
    }
)

# Signing name -> IAM service prefix, where AWS uses different ones.
IAM_PREFIX = {"monitoring": "cloudwatch", "email": "ses", "api.ecr": "ecr"}
# moto's S3 operation names that are not IAM actions -> the action AWS authorizes them with.
S3_ACTION = {
    "HeadBucket": "ListBucket",
    "GetPublicAccessBlock": "GetBucketPublicAccessBlock",
    "PutPublicAccessBlock": "PutBucketPublicAccessBlock",
    "DeletePublicAccessBlock": "PutBucketPublicAccessBlock",
}
DATED_OPERATION = re.compile(r"20\d\d_\d\d_\d\d$")
WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity"
CLOUDFRONT_SOURCE_HEADER = "x-local-cloud-cloudfront-source-arn"
CLOUDFRONT_PRINCIPAL = "cloudfront.amazonaws.com"


class AccessDenied(_RESTError):
    code = 403

    def __init__(self, message):
        super().__init__("AccessDenied", message)


def bootstrap(accounts, path):
    keys = {}
    for account in accounts:
        iam = iam_backends[account]["aws"]
        iam.create_user(region_name="us-east-1", user_name=ADMIN_USER)
        iam.put_user_policy(ADMIN_USER, "administrator", ADMIN_POLICY)
        key = iam.create_access_key(ADMIN_USER)
        keys[account] = {"accessKeyId": key.access_key_id, "secretAccessKey": key.secret_access_key, "user": ADMIN_USER}
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump({"accounts": keys}, f, indent=2)
    os.replace(tmp, path)


def _claims(token):
    try:
        payload = token.split(".")[1]
        payload += "=" * (-len(payload) % 4)
        return json.loads(base64.urlsafe_b64decode(payload))
    except Exception:
        return None


def _values(value):
    return value if isinstance(value, list) else [value]


def _like(pattern, value):
    return re.fullmatch(re.escape(pattern).replace(r"\*", ".*").replace(r"\?", "."), value) is not None


def _statement_admits(statement, claims, account, issuer_host):
    if statement.get("Effect") != "Allow":
        return False
    if not any(_like(a, WEB_IDENTITY_ACTION) for a in _values(statement.get("Action", []))):
        return False
    federated = _values((statement.get("Principal") or {}).get("Federated", []))
    iam = iam_backends[account]["aws"]
    providers = [arn for arn in federated if arn in iam.open_id_providers]
    if not any(iam.open_id_providers[arn].url.rstrip("/") == issuer_host for arn in providers):
        return False
    for operator, conditions in (statement.get("Condition") or {}).items():
        for key, expected in conditions.items():
            host, _, claim = key.rpartition(":")
            if host != issuer_host:
                return False  # a key this launcher cannot evaluate: refuse rather than allow
            actual = claims.get(claim)
            if actual is None:
                return False
            if operator == "StringEquals":
                ok = any(actual == e for e in _values(expected))
            elif operator == "StringLike":
                ok = any(_like(e, actual) for e in _values(expected))
            else:
                return False
            if not ok:
                return False
    return True


def check_web_identity(querystring):
    role_arn = (querystring.get("RoleArn") or [""])[0]
    token = (querystring.get("WebIdentityToken") or [""])[0]
    denied = AccessDenied(f"Not authorized to perform {WEB_IDENTITY_ACTION}")
    claims = _claims(token)
    match = re.match(r"^arn:aws:iam::(\d{12}):role/", role_arn)
    if claims is None or match is None:
        raise denied
    account = match.group(1)
    try:
        role = iam_backends[account]["aws"].get_role_by_arn(role_arn)
    except Exception:
        raise denied
    issuer = str(claims.get("iss", ""))
    issuer_host = re.sub(r"^https://", "", issuer).rstrip("/")
    document = json.loads(role.assume_role_policy_document)
    statements = _values(document.get("Statement", []))
    if not any(_statement_admits(s, claims, account, issuer_host) for s in statements):
        raise denied


class RestXmlError(_RESTError):
    def __init__(self, code, error_type, message):
        super().__init__(error_type, message)
        self.code = code
        self.description = (
            '<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type>'
            f"<Code>{escape(error_type)}</Code><Message>{escape(message)}</Message></Error></ErrorResponse>"
        )


class Ec2Error(_RESTError):
    def __init__(self, code, error_type, message):
        super().__init__(error_type, message)
        self.code = code
        self.description = (
            f'<?xml version="1.0"?><Response><Errors><Error><Code>{escape(error_type)}</Code>'
            f"<Message>{escape(message)}</Message></Error></Errors><RequestID>local</RequestID></Response>"
        )


def in_protocol(response, error):
    """moto answers every refusal as <ErrorResponse><Errors><Error>, which no AWS SDK parses (IAM's Go SDK saw
    "UnknownError"); AWS answers in the service's own protocol: JSON, <ErrorResponse><Error> (query, REST-XML) or
    EC2's <Response><Errors><Error>."""
    service = getattr(response, "boto3_service_name", None)
    if service in (None, "s3"):
        return error
    try:
        protocol = get_service_model(service).protocol
    except Exception:
        return error
    if protocol in ("json", "rest-json"):
        error_type = "AccessDeniedException" if error.error_type == "AccessDenied" else error.error_type
        json_error = JsonRESTError(error_type, error.message)
        json_error.code = 400 if error_type == "AccessDeniedException" else error.code
        return json_error
    if protocol in ("rest-xml", "query"):
        return RestXmlError(error.code, error.error_type, error.message)
    if protocol == "ec2":
        # EC2 says UnauthorizedOperation where other services say AccessDenied.
        error_type = "UnauthorizedOperation" if error.error_type == "AccessDenied" else error.error_type
        return Ec2Error(error.code, error_type, f"You are not authorized to perform this operation. {error.message}")
    return error


def _glob(pattern, value, ignore_case=False):
    expression = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(expression, value, re.IGNORECASE if ignore_case else 0) is not None


def _cloudfront_statement_matches(statement, action, resource, source_arn):
    principal = statement.get("Principal")
    services = _values(principal.get("Service") or []) if isinstance(principal, dict) else []
    if principal != "*" and CLOUDFRONT_PRINCIPAL not in services:
        return False
    if not any(_glob(a, action, ignore_case=True) for a in _values(statement.get("Action") or [])):
        return False
    if not any(_glob(r, resource) for r in _values(statement.get("Resource") or [])):
        return False
    for operator, conditions in (statement.get("Condition") or {}).items():
        for key, expected in conditions.items():
            if key.lower() != "aws:sourcearn":
                return False  # a condition the stand-in cannot evaluate never admits the request
            test = _glob if operator in ("StringLike", "ArnLike") else (lambda p, v: p == v)
            if operator not in ("StringEquals", "StringLike", "ArnEquals", "ArnLike"):
                return False
            if not any(test(e, source_arn) for e in _values(expected)):
                return False
    return True


def check_cloudfront_read(response, resource):
    """An unsigned object read by the local edge: S3's decision for CloudFront's origin access control."""
    source_arn = response.headers.get(CLOUDFRONT_SOURCE_HEADER)
    if not source_arn or response.method not in ("GET", "HEAD") or "/" not in resource.split(":::", 1)[-1]:
        raise S3ClientError("AccessDenied", "Anonymous users are not allowed: the request is not signed")
    bucket_name = resource.split(":::", 1)[-1].split("/", 1)[0]
    try:
        policy = response.backend.get_bucket(bucket_name).policy
    except Exception:
        policy = None
    statements = _values(json.loads(policy).get("Statement") or []) if policy else []
    action = "s3:GetObject"
    matching = [s for s in statements if _cloudfront_statement_matches(s, action, resource, source_arn)]
    if any(s.get("Effect") == "Deny" for s in matching) or not any(s.get("Effect") == "Allow" for s in matching):
        raise S3ClientError(
            "AccessDenied",
            f"The bucket policy of {bucket_name} does not allow {CLOUDFRONT_PRINCIPAL} with AWS:SourceArn {source_arn} "
            f"to perform {action} on {resource}",
        )


def canonical_url(path, s3):
    """moto rebuilds the signed URL decoded (Resource=arn:aws:..., S3 keys); SigV4 signs it encoded."""
    base, separator, query = path.partition("?")
    if s3:
        base = quote(unquote(base), safe="/~")  # S3 signs the key as sent: encoded once
    if not separator:
        return base

    def encode(text):
        return quote(unquote(text), safe="-_.~")

    pairs = (pair.partition("=") for pair in query.split("&") if pair)
    return base + "?" + "&".join(encode(k) + ("=" + encode(v) if eq else "") for k, eq, v in pairs)


def patch():
    original = authorization.ActionAuthenticatorMixin._authenticate_and_authorize_action

    def authenticate(self, iam_request_cls, resource="*"):
        if self.querystring.get("Action", [None])[0] == "AssumeRoleWithWebIdentity":
            check_web_identity(self.querystring)
            return
        if iam_request_cls is access_control.S3IAMRequest and "Authorization" not in self.headers \
                and "X-Amz-Signature" not in self.querystring:
            check_cloudfront_read(self, resource)
            return
        try:
            original(self, iam_request_cls, resource)
        except _RESTError as error:
            raise in_protocol(self, error) from None

    authorization.ActionAuthenticatorMixin._authenticate_and_authorize_action = authenticate

    original_init = access_control.IAMRequestBase.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        if not self._body and self._method in ("GET", "HEAD", "DELETE"):
            self._data = {}  # moto hands some rest services (CloudFront) the headers as data: wrong payload hash
        self._path = canonical_url(self._path, s3=isinstance(self, access_control.S3IAMRequest))
        service, _, operation = self._action.partition(":")
        operation = DATED_OPERATION.sub("", operation)
        if service == "s3":
            operation = S3_ACTION.get(operation, operation)
        self._action = f"{IAM_PREFIX.get(service, service)}:{operation}"

    access_control.IAMRequestBase.__init__ = init

    original_check = access_control.IAMRequestBase.check_action_permitted

    def check(self, resource):
        self._resource = resource
        original_check(self, resource)

    access_control.IAMRequestBase.check_action_permitted = check

    def s3_denied(self):
        raise S3ClientError(
            "AccessDenied",
            f"User: {self._access_key.arn} is not authorized to perform: {self._action} on resource: "
            f'"{getattr(self, "_resource", "*")}" because no identity-based policy allows the {self._action} action',
        )

    access_control.S3IAMRequest._raise_access_denied = s3_denied

    original_matches = access_control.IAMPolicyStatement._check_element_matches

    def matches(self, element, value):
        if element == "Resource" and value == "*":
            return self._statement.get("Effect") == "Allow"
        return original_matches(self, element, value)

    access_control.IAMPolicyStatement._check_element_matches = matches

    from moto.s3.models import FakeBucket

    original_permission = FakeBucket.get_permission

    def permission(self, action, resource):
        # moto names a HEAD of an object s3:HeadObject; AWS authorizes it as s3:GetObject.
        return original_permission(self, "s3:GetObject" if action == "s3:HeadObject" else action, resource)

    FakeBucket.get_permission = permission


def _target_key(target, default_port):
    return f"{target['Id']}:{target.get('Port', default_port)}"


def patch_elbv2_targets():
    from moto.elbv2.exceptions import InvalidTargetError
    from moto.elbv2.models import ELBv2Backend, FakeHealthStatus, FakeTargetGroup

    def draining(group):
        now = time.monotonic()
        entries = group.__dict__.setdefault("local_draining", {})
        for key in [k for k, (_, until) in entries.items() if until <= now]:
            del entries[key]
        return entries

    def register(self, targets):
        for target in targets:
            key = _target_key(target, self.port)
            self.targets[key] = {"Id": target["Id"], "Port": target.get("Port", self.port)}
            draining(self).pop(key, None)
            self.deregistered_targets.pop(key, None)

    def deregister(self, targets):
        delay = int(self.attributes.get("deregistration_delay.timeout_seconds", 300))
        for target in targets:
            key = _target_key(target, self.port)
            registered = self.targets.pop(key, None)
            if registered is None:
                if key in draining(self):
                    continue  # deregistering a draining target again changes nothing
                raise InvalidTargetError()
            draining(self)[key] = (registered, time.monotonic() + delay)
            self.deregistered_targets[key] = registered

    def health_for(self, target, ec2_backend):
        key = _target_key(target, self.port)
        if key in self.targets:
            registered = self.targets[key]
            return FakeHealthStatus(registered["Id"], registered["Port"], self.health_check_port, "healthy")
        port = target.get("Port", self.port)
        if key in draining(self):
            return FakeHealthStatus(target["Id"], port, self.health_check_port, "draining",
                                    "Target.DeregistrationInProgress", "Target deregistration is in progress")
        return FakeHealthStatus(target["Id"], port, self.health_check_port, "unused",
                                "Target.NotRegistered", "Target is not registered to the target group")

    original_describe = ELBv2Backend.describe_target_health

    def describe_target_health(self, target_group_arn, targets):
        group = self.target_groups.get(target_group_arn)
        if group is not None and not targets:
            targets = list(group.targets.values()) + [t for t, _ in draining(group).values()]
        return original_describe(self, target_group_arn, targets)

    FakeTargetGroup.register = register
    FakeTargetGroup.deregister = deregister
    FakeTargetGroup.health_for = health_for
    ELBv2Backend.describe_target_health = describe_target_health


def main():
    accounts = [a for a in os.environ.get("MOTO_IAM_ACCOUNTS", "123456789012").split(",") if a]
    bootstrap_file = os.environ.get("MOTO_IAM_BOOTSTRAP_FILE")
    if not bootstrap_file:
        sys.exit("moto_iam: MOTO_IAM_BOOTSTRAP_FILE is required (where the bootstrap keys go)")
    patch()
    patch_elbv2_targets()
    bootstrap(accounts, bootstrap_file)
    settings.INITIAL_NO_AUTH_ACTION_COUNT = 0
    from moto.server import main as serve

    serve(sys.argv[1:])


if __name__ == "__main__":
    main()
