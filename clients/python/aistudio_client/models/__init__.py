"""Contains all the data models used in inputs/outputs"""

from .attempt_public import AttemptPublic
from .audit_event_public import AuditEventPublic
from .audit_event_public_detail import AuditEventPublicDetail
from .caption_check import CaptionCheck
from .caption_checks import CaptionChecks
from .caption_checks_captions import CaptionChecksCaptions
from .caption_drafts import CaptionDrafts
from .caption_drafts_captions import CaptionDraftsCaptions
from .caption_edit_public import CaptionEditPublic
from .caption_edits import CaptionEdits
from .caption_edits_captions import CaptionEditsCaptions
from .caption_problem import CaptionProblem
from .caption_public import CaptionPublic
from .captions_generate import CaptionsGenerate
from .captions_generate_captioner_type_0 import CaptionsGenerateCaptionerType0
from .captions_public import CaptionsPublic
from .captions_public_tag_frequency import CaptionsPublicTagFrequency
from .captions_public_tag_frequency_additional_property import (
    CaptionsPublicTagFrequencyAdditionalProperty,
)
from .change import Change
from .checkpoint_public import CheckpointPublic
from .checkpoint_public_metrics import CheckpointPublicMetrics
from .compare_public import ComparePublic
from .compare_request import CompareRequest
from .compare_row import CompareRow
from .compare_row_metrics import CompareRowMetrics
from .consent_public import ConsentPublic
from .costs_public import CostsPublic
from .dataset_dry_run import DatasetDryRun
from .dataset_item_public import DatasetItemPublic
from .dataset_item_public_scores import DatasetItemPublicScores
from .dataset_options import DatasetOptions
from .dataset_options_family_type_0 import DatasetOptionsFamilyType0
from .dataset_public import DatasetPublic
from .dataset_summary import DatasetSummary
from .delivery_public import DeliveryPublic
from .delivery_public_payload import DeliveryPublicPayload
from .delivery_public_state import DeliveryPublicState
from .download_lora_format_type_0 import DownloadLoraFormatType0
from .download_result_file import DownloadResultFile
from .dry_run import DryRun
from .estimate_public import EstimatePublic
from .event_public import EventPublic
from .event_public_data import EventPublicData
from .export_public import ExportPublic
from .export_public_state import ExportPublicState
from .export_request import ExportRequest
from .export_request_format_type_0 import ExportRequestFormatType0
from .family_public import FamilyPublic
from .family_public_defaults import FamilyPublicDefaults
from .file_link import FileLink
from .file_verdict import FileVerdict
from .file_verdict_verdict import FileVerdictVerdict
from .health_response_health import HealthResponseHealth
from .job_create import JobCreate
from .job_create_category import JobCreateCategory
from .job_created import JobCreated
from .job_created_params import JobCreatedParams
from .job_created_progress_type_0 import JobCreatedProgressType0
from .job_created_state import JobCreatedState
from .job_glance import JobGlance
from .job_glance_state import JobGlanceState
from .job_public import JobPublic
from .job_public_params import JobPublicParams
from .job_public_progress_type_0 import JobPublicProgressType0
from .job_public_state import JobPublicState
from .job_request_create import JobRequestCreate
from .job_request_create_action import JobRequestCreateAction
from .job_request_public import JobRequestPublic
from .key_create import KeyCreate
from .key_create_scopes_item import KeyCreateScopesItem
from .key_created import KeyCreated
from .key_created_scopes_item import KeyCreatedScopesItem
from .key_public import KeyPublic
from .key_public_scopes_item import KeyPublicScopesItem
from .list_jobs_state_type_0 import ListJobsStateType0
from .list_photos_category_type_0 import ListPhotosCategoryType0
from .list_photos_role_type_0 import ListPhotosRoleType0
from .list_results_category_type_0 import ListResultsCategoryType0
from .lora_check_public import LoraCheckPublic
from .lora_check_public_consent import LoraCheckPublicConsent
from .lora_file import LoraFile
from .lora_file_format import LoraFileFormat
from .lora_public import LoraPublic
from .lora_public_params import LoraPublicParams
from .lora_public_status import LoraPublicStatus
from .me import Me
from .me_role import MeRole
from .me_scopes_item import MeScopesItem
from .me_via import MeVia
from .model_create import ModelCreate
from .model_create_family_type_0 import ModelCreateFamilyType0
from .model_public import ModelPublic
from .model_public_family import ModelPublicFamily
from .model_public_results import ModelPublicResults
from .model_public_targets import ModelPublicTargets
from .model_settings import ModelSettings
from .model_settings_family_type_0 import ModelSettingsFamilyType0
from .override_create import OverrideCreate
from .page_audit_event_public import PageAuditEventPublic
from .page_caption_edit_public import PageCaptionEditPublic
from .page_costs_public import PageCostsPublic
from .page_dataset_summary import PageDatasetSummary
from .page_delivery_public import PageDeliveryPublic
from .page_event_public import PageEventPublic
from .page_job_public import PageJobPublic
from .page_lora_public import PageLoraPublic
from .page_model_public import PageModelPublic
from .page_photo_public import PagePhotoPublic
from .page_result_public import PageResultPublic
from .page_user_public import PageUserPublic
from .photo_public import PhotoPublic
from .photo_public_category_type_0 import PhotoPublicCategoryType0
from .photo_public_role import PhotoPublicRole
from .problem import Problem
from .problem_errors_type_0_item import ProblemErrorsType0Item
from .provider_public import ProviderPublic
from .provider_public_prices import ProviderPublicPrices
from .purge_summary import PurgeSummary
from .queue_entry import QueueEntry
from .queue_order import QueueOrder
from .queue_public import QueuePublic
from .record_consent_body import RecordConsentBody
from .record_consent_body_kind import RecordConsentBodyKind
from .result_public import ResultPublic
from .result_public_category import ResultPublicCategory
from .result_public_files import ResultPublicFiles
from .revoke_request import RevokeRequest
from .revoke_result import RevokeResult
from .run_cost_public import RunCostPublic
from .run_cost_public_ops import RunCostPublicOps
from .sign_in import SignIn
from .signed_in import SignedIn
from .source_upload import SourceUpload
from .target_upload import TargetUpload
from .target_upload_category import TargetUploadCategory
from .ticket_public import TicketPublic
from .train_params import TrainParams
from .train_params_base_precision import TrainParamsBasePrecision
from .train_params_family_type_0 import TrainParamsFamilyType0
from .train_params_optimizer import TrainParamsOptimizer
from .training_clone import TrainingClone
from .training_create import TrainingCreate
from .training_params_public import TrainingParamsPublic
from .training_params_public_params_schema import TrainingParamsPublicParamsSchema
from .training_plan_public import TrainingPlanPublic
from .training_plan_public_params import TrainingPlanPublicParams
from .upload_photos_body import UploadPhotosBody
from .upload_photos_category_type_0 import UploadPhotosCategoryType0
from .upload_photos_role import UploadPhotosRole
from .upload_public import UploadPublic
from .upload_public_category_type_0 import UploadPublicCategoryType0
from .upload_public_role import UploadPublicRole
from .upload_report import UploadReport
from .user_create import UserCreate
from .user_create_role import UserCreateRole
from .user_public import UserPublic
from .user_public_role import UserPublicRole
from .verify_lora_file_body import VerifyLoraFileBody
from .webhook_create import WebhookCreate
from .webhook_create_events_item import WebhookCreateEventsItem
from .webhook_created import WebhookCreated
from .webhook_public import WebhookPublic
from .webhook_update import WebhookUpdate
from .webhook_update_events_type_0_item import WebhookUpdateEventsType0Item

__all__ = (
    "AttemptPublic",
    "AuditEventPublic",
    "AuditEventPublicDetail",
    "CaptionCheck",
    "CaptionChecks",
    "CaptionChecksCaptions",
    "CaptionDrafts",
    "CaptionDraftsCaptions",
    "CaptionEditPublic",
    "CaptionEdits",
    "CaptionEditsCaptions",
    "CaptionProblem",
    "CaptionPublic",
    "CaptionsGenerate",
    "CaptionsGenerateCaptionerType0",
    "CaptionsPublic",
    "CaptionsPublicTagFrequency",
    "CaptionsPublicTagFrequencyAdditionalProperty",
    "Change",
    "CheckpointPublic",
    "CheckpointPublicMetrics",
    "ComparePublic",
    "CompareRequest",
    "CompareRow",
    "CompareRowMetrics",
    "ConsentPublic",
    "CostsPublic",
    "DatasetDryRun",
    "DatasetItemPublic",
    "DatasetItemPublicScores",
    "DatasetOptions",
    "DatasetOptionsFamilyType0",
    "DatasetPublic",
    "DatasetSummary",
    "DeliveryPublic",
    "DeliveryPublicPayload",
    "DeliveryPublicState",
    "DownloadLoraFormatType0",
    "DownloadResultFile",
    "DryRun",
    "EstimatePublic",
    "EventPublic",
    "EventPublicData",
    "ExportPublic",
    "ExportPublicState",
    "ExportRequest",
    "ExportRequestFormatType0",
    "FamilyPublic",
    "FamilyPublicDefaults",
    "FileLink",
    "FileVerdict",
    "FileVerdictVerdict",
    "HealthResponseHealth",
    "JobCreate",
    "JobCreateCategory",
    "JobCreated",
    "JobCreatedParams",
    "JobCreatedProgressType0",
    "JobCreatedState",
    "JobGlance",
    "JobGlanceState",
    "JobPublic",
    "JobPublicParams",
    "JobPublicProgressType0",
    "JobPublicState",
    "JobRequestCreate",
    "JobRequestCreateAction",
    "JobRequestPublic",
    "KeyCreate",
    "KeyCreated",
    "KeyCreatedScopesItem",
    "KeyCreateScopesItem",
    "KeyPublic",
    "KeyPublicScopesItem",
    "ListJobsStateType0",
    "ListPhotosCategoryType0",
    "ListPhotosRoleType0",
    "ListResultsCategoryType0",
    "LoraCheckPublic",
    "LoraCheckPublicConsent",
    "LoraFile",
    "LoraFileFormat",
    "LoraPublic",
    "LoraPublicParams",
    "LoraPublicStatus",
    "Me",
    "MeRole",
    "MeScopesItem",
    "MeVia",
    "ModelCreate",
    "ModelCreateFamilyType0",
    "ModelPublic",
    "ModelPublicFamily",
    "ModelPublicResults",
    "ModelPublicTargets",
    "ModelSettings",
    "ModelSettingsFamilyType0",
    "OverrideCreate",
    "PageAuditEventPublic",
    "PageCaptionEditPublic",
    "PageCostsPublic",
    "PageDatasetSummary",
    "PageDeliveryPublic",
    "PageEventPublic",
    "PageJobPublic",
    "PageLoraPublic",
    "PageModelPublic",
    "PagePhotoPublic",
    "PageResultPublic",
    "PageUserPublic",
    "PhotoPublic",
    "PhotoPublicCategoryType0",
    "PhotoPublicRole",
    "Problem",
    "ProblemErrorsType0Item",
    "ProviderPublic",
    "ProviderPublicPrices",
    "PurgeSummary",
    "QueueEntry",
    "QueueOrder",
    "QueuePublic",
    "RecordConsentBody",
    "RecordConsentBodyKind",
    "ResultPublic",
    "ResultPublicCategory",
    "ResultPublicFiles",
    "RevokeRequest",
    "RevokeResult",
    "RunCostPublic",
    "RunCostPublicOps",
    "SignedIn",
    "SignIn",
    "SourceUpload",
    "TargetUpload",
    "TargetUploadCategory",
    "TicketPublic",
    "TrainingClone",
    "TrainingCreate",
    "TrainingParamsPublic",
    "TrainingParamsPublicParamsSchema",
    "TrainingPlanPublic",
    "TrainingPlanPublicParams",
    "TrainParams",
    "TrainParamsBasePrecision",
    "TrainParamsFamilyType0",
    "TrainParamsOptimizer",
    "UploadPhotosBody",
    "UploadPhotosCategoryType0",
    "UploadPhotosRole",
    "UploadPublic",
    "UploadPublicCategoryType0",
    "UploadPublicRole",
    "UploadReport",
    "UserCreate",
    "UserCreateRole",
    "UserPublic",
    "UserPublicRole",
    "VerifyLoraFileBody",
    "WebhookCreate",
    "WebhookCreated",
    "WebhookCreateEventsItem",
    "WebhookPublic",
    "WebhookUpdate",
    "WebhookUpdateEventsType0Item",
)
