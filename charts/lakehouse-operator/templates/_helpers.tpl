{{- define "lakehouse.name" -}}lakehouse-operator{{- end -}}

{{- define "lakehouse.labels" -}}
app.kubernetes.io/name: lakehouse-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "lakehouse.selector" -}}
app.kubernetes.io/name: lakehouse-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
