import vine from '@vinejs/vine'

const email = () => vine.string().trim().email().maxLength(254)
/** 10+ characters; long passphrases welcome. */
export const newPassword = () => vine.string().minLength(10).maxLength(200)

export const signInValidator = vine.compile(
  vine.object({
    email: email(),
    password: vine.string().maxLength(200),
    remember: vine.boolean().optional(),
  })
)

export const forgotPasswordValidator = vine.compile(vine.object({ email: email() }))

export const resetPasswordValidator = vine.compile(
  vine.object({ password: newPassword().confirmed() })
)

export const acceptInvitationValidator = vine.compile(
  vine.object({
    full_name: vine.string().trim().minLength(1).maxLength(120).optional(),
    password: vine.string().maxLength(200),
  })
)
