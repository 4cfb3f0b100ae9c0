# The change-set journey with curl, on a fresh demo workspace (`npm start`):
# bash tools/quickstart/change-set-journey.sh
set -euo pipefail
API=${API:-http://localhost:3000/api/v1}
call() { curl -sS --fail-with-body "$@"; }   # --json: POST a JSON body (curl 7.82+)
# Prints one field of the JSON answer on stdin: strings as they are, anything else as JSON.
field() { node -e "const v = JSON.parse(require('fs').readFileSync(0, 'utf8'))$1; console.log(typeof v === 'string' ? v : JSON.stringify(v))"; }

ADMIN=(-H "authorization: Bearer $(call "$API/auth/token" --json '{"username":"admin","password":"admin-demo"}' | field .accessToken)")
REVIEWER=(-H "authorization: Bearer $(call "$API/auth/token" --json '{"username":"reviewer","password":"reviewer-demo"}' | field .accessToken)")

# 1. An admin gives the agent an API key (shown once, stored hashed).
AGENT=(-H "x-api-key: $(call "$API/api-keys" "${ADMIN[@]}" --json '{"userId":"user-agent","name":"Quickstart agent","role":"role-agent"}' | field .key)")

# 2. The agent proposes a change to a record and submits it for review. It cannot write records.
CS=$(call "$API/change-sets" "${AGENT[@]}" --json '{
  "title": "Material of the Oxford shirt",
  "source": { "type": "agent", "name": "Quickstart agent", "context": "README quickstart" },
  "operations": [{ "type": "update", "entityId": "ent-001", "schemaId": "schema-apparel",
    "changes": [{ "attributeAlias": "material", "oldValue": "100% cotton", "newValue": "Organic cotton", "confidence": 0.7 }] }]
}' | field .id)
call -X POST "$API/change-sets/$CS/submit" "${AGENT[@]}" | field .status                    # pending_approval

# 3. The reviewer rates the change and asks for a revision.
OP=$(call "$API/change-sets/$CS" "${REVIEWER[@]}" | field '.operations[0].id')
call "$API/change-sets/$CS/operations/$OP/rate" "${REVIEWER[@]}" --json '{"attributeAlias":"material","rating":"bad"}' | field .status
call "$API/change-sets/$CS/request-revision" "${REVIEWER[@]}" \
  --json '{"requestedBy":"user-reviewer","message":"Which certification?"}' | field .feedbackSummary  # {"good":0,"bad":1,...}

# 4. The agent reads the feedback, answers on the thread and resubmits.
call "$API/change-sets/$CS" "${AGENT[@]}" | field .status                                     # revision_requested
call "$API/change-sets/$CS/messages" "${AGENT[@]}" \
  --json '{"authorId":"user-agent","authorName":"Quickstart agent","authorType":"agent","body":"GOTS-certified, per the supplier."}' | field .authorType
call -X POST "$API/change-sets/$CS/resubmit" "${AGENT[@]}" | field .status                  # pending_approval

# 5. The reviewer approves the operation (the last one decided, so the set is approved) and applies it.
call "$API/change-sets/$CS/operations/$OP/approve" "${REVIEWER[@]}" --json '{"reviewNote":"Good."}' | field .status  # approved
call -X POST "$API/change-sets/$CS/apply" "${REVIEWER[@]}" | field ''                      # {"applied":1,"skipped":0,"errors":[]}

# 6. The record holds the value; its audit names the change set and operation it came from.
call "$API/records/ent-001" "${AGENT[@]}" | field '.values.material[0].value'               # Organic cotton
call "$API/records/ent-001/audit?order=desc&limit=1" "${REVIEWER[@]}" | field '[0].changeSetId'
